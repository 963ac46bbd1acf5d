package io.github.internalhttp.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRunnerTests {

	@Test
	void whenLatenciesAreOneToAThousandMillisThenPercentilesAreTheNearestRanks() {
		long[] sorted = new long[1000];
		for (int i = 0; i < sorted.length; i++) {
			sorted[i] = (i + 1) * 1_000_000L;
		}
		assertThat(ClientRunner.percentileMillis(sorted, 0.50)).isEqualTo(500.0);
		assertThat(ClientRunner.percentileMillis(sorted, 0.99)).isEqualTo(990.0);
		assertThat(ClientRunner.percentileMillis(sorted, 0.999)).isEqualTo(999.0);
	}

	@Test
	void whenThereAreNoLatenciesThenPercentilesAreZero() {
		assertThat(ClientRunner.percentileMillis(new long[0], 0.99)).isZero();
	}

}
