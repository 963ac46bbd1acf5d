package io.github.internalhttp.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkSettingsTests {

	@Test
	void whenNoOptionsAreGivenThenBlockingClientsAreCalledFromPlatformThreads() throws Exception {
		assertThat(Benchmark.Settings.from(Map.of()).callers()).isEqualTo("platform");
	}

	@Test
	void whenCallersAreNeitherPlatformNorVirtualThenTheAllowedValuesAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> Benchmark.Settings.from(Map.of("callers", "green")))
			.withMessageContaining("platform or virtual");
	}

}
