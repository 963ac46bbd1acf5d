package io.github.internalhttp.client.pool;

import java.time.Duration;
import java.time.Instant;

import io.github.internalhttp.client.DurationSummary;
import io.github.internalhttp.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The percentile math of {@link DurationHistogram} on known inputs, its windows turned by
 * a clock the tests move.
 */
class DurationHistogramTests {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

	private final DurationHistogram histogram = new DurationHistogram(this.clock, WINDOW);

	@Test
	void whenNothingIsRecordedThenTheSummaryIsEmpty() {
		assertThat(this.histogram.summary()).isEqualTo(DurationSummary.EMPTY);
	}

	@Test
	void whenOneToAHundredMillisecondsAreRecordedThenEachPercentileIsAtMostOneBucketAboveTheTrueValue() {
		for (int ms = 100; ms >= 1; ms--) {
			this.histogram.record(Duration.ofMillis(ms).toNanos());
		}
		DurationSummary summary = this.histogram.summary();
		assertThat(summary.count()).isEqualTo(100);
		assertThat(summary.max()).isEqualTo(Duration.ofMillis(100));
		assertWithinOneBucket(summary.p50(), Duration.ofMillis(50));
		assertWithinOneBucket(summary.p90(), Duration.ofMillis(90));
		// The bucket of 99 ms reaches past 100 ms: the maximum caps it.
		assertThat(summary.p99()).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
	}

	@Test
	void whenOneDurationIsRecordedSeveralTimesThenEveryPercentileIsExactlyIt() {
		for (int i = 0; i < 5; i++) {
			this.histogram.record(Duration.ofMillis(7).toNanos());
		}
		DurationSummary summary = this.histogram.summary();
		assertThat(summary).isEqualTo(new DurationSummary(5, Duration.ofMillis(7), Duration.ofMillis(7),
				Duration.ofMillis(7), Duration.ofMillis(7)));
	}

	@Test
	void whenFewSlowOutliersAreRecordedThenOnlyTheHighPercentilesShowThem() {
		for (int i = 0; i < 98; i++) {
			this.histogram.record(Duration.ofMillis(2).toNanos());
		}
		this.histogram.record(Duration.ofSeconds(3).toNanos());
		this.histogram.record(Duration.ofSeconds(3).toNanos());
		DurationSummary summary = this.histogram.summary();
		assertWithinOneBucket(summary.p50(), Duration.ofMillis(2));
		assertWithinOneBucket(summary.p90(), Duration.ofMillis(2));
		assertThat(summary.p99()).isEqualTo(Duration.ofSeconds(3));
		assertThat(summary.max()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void whenTheWindowTurnsThenThePreviousWindowStillCountsAndAfterTwoItIsGone() {
		this.histogram.record(Duration.ofMillis(40).toNanos());
		this.clock.advance(WINDOW);
		this.histogram.record(Duration.ofMillis(10).toNanos());
		DurationSummary bothWindows = this.histogram.summary();
		assertThat(bothWindows.count()).isEqualTo(2);
		assertThat(bothWindows.max()).isEqualTo(Duration.ofMillis(40));
		this.clock.advance(WINDOW);
		DurationSummary lastWindow = this.histogram.summary();
		assertThat(lastWindow.count()).isEqualTo(1);
		assertThat(lastWindow.max()).isEqualTo(Duration.ofMillis(10));
		this.clock.advance(WINDOW.multipliedBy(5));
		assertThat(this.histogram.summary()).isEqualTo(DurationSummary.EMPTY);
	}

	@Test
	void whenDurationsAreTinyNegativeOrHugeThenTheyCountInTheEdgeBuckets() {
		this.histogram.record(-5);
		this.histogram.record(3);
		this.histogram.record(Duration.ofHours(2).toNanos());
		DurationSummary summary = this.histogram.summary();
		assertThat(summary.count()).isEqualTo(3);
		assertThat(summary.p50()).isLessThan(Duration.ofNanos(1024));
		assertThat(summary.max()).isEqualTo(Duration.ofHours(2));
		assertThat(summary.p99()).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void everyBucketHoldsTheDurationsUpToItsUpperBoundAndNoneAbove() {
		for (int bucket = 0; bucket < DurationHistogram.BUCKETS - 1; bucket++) {
			long upper = DurationHistogram.upperBound(bucket);
			assertThat(DurationHistogram.bucketOf(upper)).isEqualTo(bucket);
			assertThat(DurationHistogram.bucketOf(upper + 1)).isEqualTo(bucket + 1);
			if (bucket > 0) {
				long lower = DurationHistogram.upperBound(bucket - 1) + 1;
				// A bucket is at most an eighth of its lower bound wide.
				assertThat(upper - lower + 1).isLessThanOrEqualTo(Math.max(1, lower / 8));
			}
		}
	}

	@Test
	void whenTheWindowIsNotPositiveThenItIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DurationHistogram(this.clock, Duration.ZERO));
	}

	private static void assertWithinOneBucket(Duration actual, Duration expected) {
		assertThat(actual).isGreaterThanOrEqualTo(expected);
		assertThat(actual.toNanos()).isLessThanOrEqualTo(expected.toNanos() + expected.toNanos() / 8);
	}

}
