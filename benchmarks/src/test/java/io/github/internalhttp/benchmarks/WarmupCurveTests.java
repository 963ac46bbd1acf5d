package io.github.internalhttp.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WarmupCurveTests {

	private final WarmupCurve curve = new WarmupCurve(List.of(new WarmupCurve.Slice(0, 1000, 200),
			new WarmupCurve.Slice(1000, 3000, 4000), new WarmupCurve.Slice(3000, 5000, 10000),
			new WarmupCurve.Slice(5000, 5500, 4500)));

	@Test
	void whenWrittenAndParsedThenTheSlicesAreKept() {
		assertThat(this.curve.toString()).isEqualTo("0-1000:200,1000-3000:4000,3000-5000:10000,5000-5500:4500");
		assertThat(WarmupCurve.parse(this.curve.toString())).isEqualTo(this.curve);
	}

	@Test
	void whenTheFirstFiveSecondsAreAskedForThenOnlySlicesEndedByThenCount() {
		// 14,200 requests in the slices that ended by 5 s.
		assertThat(this.curve.rpsWithin(5000)).isEqualTo(2840.0);
	}

	@Test
	void whenNoSliceEndedInTheWindowThenTheRateIsUnknown() {
		assertThat(this.curve.rpsWithin(500)).isNaN();
	}

	@Test
	void whenARateIsReachedThenTheEndOfTheFirstSliceAtThatRateIsItsTime() {
		// Slices ran at 200, 2,000, 5,000 and 9,000 req/s.
		assertThat(this.curve.millisToReach(4500)).isEqualTo(5000);
		assertThat(this.curve.millisToReach(9000)).isEqualTo(5500);
	}

	@Test
	void whenARateIsNeverReachedThenMinusOneAndTheCoveredTimeSayHowLongWeLooked() {
		assertThat(this.curve.millisToReach(10_000)).isEqualTo(-1);
		assertThat(this.curve.coveredMillis()).isEqualTo(5500);
	}

	@Test
	void whenASliceIsMalformedThenTheFormIsNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> WarmupCurve.parse("0:12"))
			.withMessageContaining("start-end:requests");
		assertThat(WarmupCurve.parse("").slices()).isEmpty();
	}

}
