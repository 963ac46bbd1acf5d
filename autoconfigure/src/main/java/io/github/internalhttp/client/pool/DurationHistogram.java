package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.github.internalhttp.client.DurationSummary;

/**
 * Recent durations as a histogram, for percentiles without a metrics library: two windows
 * of a fixed length, the current one and the one before, so that a summary covers the
 * last one to two window lengths. The windows turn as the clock passes, on a record or a
 * read; nothing runs in the background.
 * <p>
 * Buckets are log-linear: eight per power of two from about one microsecond to about
 * eighteen minutes, so a percentile, reported as the upper bound of its bucket, is at
 * most 12.5% above the true value, and never above the window's maximum. Recording is
 * an array increment and a compare of the maximum: no allocation, no lock.
 */
final class DurationHistogram {

	/** Sub-buckets per power of two, as bits. */
	private static final int SUB_BITS = 3;

	private static final int SUB_BUCKETS = 1 << SUB_BITS;

	/** Durations below 2^10 ns (about 1 µs) share the first bucket. */
	private static final int MIN_EXPONENT = 10;

	/** Durations from about 35 minutes on share the last bucket. */
	private static final int MAX_EXPONENT = 40;

	static final int BUCKETS = 1 + (MAX_EXPONENT - MIN_EXPONENT + 1) * SUB_BUCKETS;

	private static final double[] PERCENTILES = { 0.5, 0.9, 0.99 };

	private final Clock clock;

	private final long windowMillis;

	private volatile Window current = new Window();

	private volatile Window previous = new Window();

	private volatile long currentStart;

	/**
	 * A histogram whose windows start now.
	 * @param clock the clock the windows turn by
	 * @param window the length of one window
	 */
	DurationHistogram(Clock clock, Duration window) {
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive but was " + window);
		}
		this.clock = clock;
		this.windowMillis = window.toMillis();
		this.currentStart = clock.millis();
	}

	/**
	 * Record a duration.
	 * @param nanos the duration in nanoseconds; a negative one counts as zero
	 */
	void record(long nanos) {
		turnIfDue(this.clock.millis());
		this.current.record(Math.max(0, nanos));
	}

	/**
	 * The durations of the recent windows.
	 * @return their count, percentiles and maximum
	 */
	DurationSummary summary() {
		turnIfDue(this.clock.millis());
		long[] counts = new long[BUCKETS];
		Window current = this.current;
		Window previous = this.previous;
		long total = current.addTo(counts) + previous.addTo(counts);
		if (total == 0) {
			return DurationSummary.EMPTY;
		}
		long max = Math.max(current.max.get(), previous.max.get());
		long[] values = new long[PERCENTILES.length];
		for (int i = 0; i < PERCENTILES.length; i++) {
			values[i] = Math.min(percentile(counts, total, PERCENTILES[i]), max);
		}
		return new DurationSummary(total, Duration.ofNanos(values[0]), Duration.ofNanos(values[1]),
				Duration.ofNanos(values[2]), Duration.ofNanos(max));
	}

	private static long percentile(long[] counts, long total, double quantile) {
		long rank = Math.max(1, (long) Math.ceil(quantile * total));
		long seen = 0;
		for (int i = 0; i < counts.length; i++) {
			seen += counts[i];
			if (seen >= rank) {
				// The last bucket also holds every longer duration: the maximum bounds it.
				return (i < counts.length - 1) ? upperBound(i) : Long.MAX_VALUE;
			}
		}
		return Long.MAX_VALUE;
	}

	private void turnIfDue(long now) {
		if (now - this.currentStart >= this.windowMillis) {
			turn(now);
		}
	}

	private synchronized void turn(long now) {
		long elapsed = now - this.currentStart;
		if (elapsed < this.windowMillis) {
			return;
		}
		if (elapsed >= 2 * this.windowMillis) {
			// Both windows are older than the recent past.
			this.previous.clear();
			this.current.clear();
			this.currentStart = now;
			return;
		}
		Window reused = this.previous;
		reused.clear();
		this.previous = this.current;
		this.current = reused;
		this.currentStart += this.windowMillis;
	}

	/**
	 * The bucket of a duration.
	 * @param nanos a duration, not negative
	 * @return its bucket index
	 */
	static int bucketOf(long nanos) {
		if (nanos < (1L << MIN_EXPONENT)) {
			return 0;
		}
		int exponent = 63 - Long.numberOfLeadingZeros(nanos);
		if (exponent > MAX_EXPONENT) {
			return BUCKETS - 1;
		}
		int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
		return 1 + (exponent - MIN_EXPONENT) * SUB_BUCKETS + sub;
	}

	/**
	 * The largest duration of a bucket.
	 * @param bucket a bucket index
	 * @return its upper bound in nanoseconds
	 */
	static long upperBound(int bucket) {
		if (bucket == 0) {
			return (1L << MIN_EXPONENT) - 1;
		}
		int exponent = MIN_EXPONENT + (bucket - 1) / SUB_BUCKETS;
		int sub = (bucket - 1) % SUB_BUCKETS;
		return (1L << exponent) + ((long) (sub + 1) << (exponent - SUB_BITS)) - 1;
	}

	private static final class Window {

		private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

		private final AtomicLong max = new AtomicLong();

		void record(long nanos) {
			this.counts.incrementAndGet(bucketOf(nanos));
			if (nanos > this.max.get()) {
				this.max.accumulateAndGet(nanos, Math::max);
			}
		}

		long addTo(long[] counts) {
			long total = 0;
			for (int i = 0; i < BUCKETS; i++) {
				long count = this.counts.get(i);
				counts[i] += count;
				total += count;
			}
			return total;
		}

		void clear() {
			for (int i = 0; i < BUCKETS; i++) {
				this.counts.set(i, 0);
			}
			this.max.set(0);
		}

	}

}
