package io.github.internalhttp.client;

import java.time.Duration;

/**
 * Recent durations of one {@link PoolTimer} of a destination: how many were recorded in
 * the recent window (the last one to two minutes) and their percentiles. A percentile is
 * the upper bound of the histogram bucket it falls in, at most 12.5% above the true value
 * and never above the maximum.
 *
 * @param count durations recorded in the window
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the longest
 */
public record DurationSummary(long count, Duration p50, Duration p90, Duration p99, Duration max) {

	/** No duration recorded in the window. */
	public static final DurationSummary EMPTY = new DurationSummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO,
			Duration.ZERO);

}
