package io.github.internalhttp.sample.fanout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadLoopTests {

	@Test
	void whenEveryCallSucceedsThenEachIsMadeOnceAndNoMoreRunAtOnceThanTheConcurrency() {
		AtomicInteger made = new AtomicInteger();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		LoadLoop.Result result = new LoadLoop(Duration.ofSeconds(30)).run(500, 8, () -> {
			maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			made.incrementAndGet();
			Thread.onSpinWait();
			inFlight.decrementAndGet();
		});
		assertThat(made).hasValue(500);
		assertThat(maxInFlight.get()).isBetween(1, 8);
		assertThat(result.calls()).isEqualTo(500);
		assertThat(result.errors()).isZero();
		assertThat(result.timedOut()).isFalse();
		assertThat(result.firstError()).isNull();
		// Every successful call's latency was measured, and none outlasted the run.
		assertThat(result.p50Nanos()).isPositive();
		assertThat(result.p99Nanos()).isLessThanOrEqualTo(result.elapsedNanos());
	}

	@Test
	void whenLatenciesAreKnownThenPercentilesAreTheNearestRanks() {
		long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();
		assertThat(LoadLoop.percentile(oneToHundred, 0.50)).isEqualTo(50);
		assertThat(LoadLoop.percentile(oneToHundred, 0.99)).isEqualTo(99);
		long[] oneToTwoHundred = LongStream.rangeClosed(1, 200).toArray();
		assertThat(LoadLoop.percentile(oneToTwoHundred, 0.50)).isEqualTo(100);
		assertThat(LoadLoop.percentile(oneToTwoHundred, 0.99)).isEqualTo(198);
		assertThat(LoadLoop.percentile(new long[] { 7 }, 0.99)).isEqualTo(7);
		assertThat(LoadLoop.percentile(new long[0], 0.50)).isZero();
	}

	@Test
	void whenCallsFailThenTheyAreCountedAndTheFirstFailureIsDescribed() {
		AtomicInteger made = new AtomicInteger();
		LoadLoop.Result result = new LoadLoop(Duration.ofSeconds(30)).run(10, 1, () -> {
			if (made.incrementAndGet() % 2 == 0) {
				throw new IllegalStateException("failure " + made.get());
			}
		});
		assertThat(result.calls()).isEqualTo(10);
		assertThat(result.errors()).isEqualTo(5);
		assertThat(result.firstError()).isEqualTo("IllegalStateException: failure 2");
	}

	@Test
	void whenNoCallSucceedsThenLatenciesAreZero() {
		LoadLoop.Result result = new LoadLoop(Duration.ofSeconds(30)).run(3, 3, () -> {
			throw new IllegalStateException("down");
		});
		assertThat(result.errors()).isEqualTo(3);
		assertThat(result.p50Nanos()).isZero();
		assertThat(result.p99Nanos()).isZero();
	}

	@Test
	void whenTheTimeLimitIsReachedThenNoFurtherCallStarts() {
		AtomicInteger made = new AtomicInteger();
		LoadLoop.Result result = new LoadLoop(Duration.ofMillis(200)).run(10_000, 2, () -> {
			made.incrementAndGet();
			sleep(Duration.ofMillis(20));
		});
		assertThat(result.timedOut()).isTrue();
		assertThat(result.calls()).isEqualTo(made.get()).isLessThan(10_000);
		assertThat(result.errors()).isZero();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
