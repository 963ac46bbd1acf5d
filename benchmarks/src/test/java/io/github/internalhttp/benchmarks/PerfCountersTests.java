package io.github.internalhttp.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerfCountersTests {

	@Test
	void whenPerfReportsCountsThenEachEventHasItsCount() {
		List<String> output = List.of("# started on Sun Dec  6 03:18:26 2026", "",
				"331245,,syscalls:sys_enter_futex,2001234567,100.00,,", "170021,,context-switches,2001234567,100.00,,");
		assertThat(PerfCounters.parse(output)).containsEntry(PerfCounters.FUTEX, 331245L)
			.containsEntry(PerfCounters.CONTEXT_SWITCHES, 170021L);
	}

	@Test
	void whenAnEventWasNotCountedThenItCountsAsZero() {
		assertThat(PerfCounters.parse(List.of("<not counted>,,syscalls:sys_enter_futex,0,100.00,,")))
			.containsEntry(PerfCounters.FUTEX, 0L);
	}

	@Test
	void whenAnEventIsNotSupportedThenItIsLeftOut() {
		assertThat(PerfCounters.parse(List.of("<not supported>,,instructions,0,100.00,,"))).isEmpty();
	}

}
