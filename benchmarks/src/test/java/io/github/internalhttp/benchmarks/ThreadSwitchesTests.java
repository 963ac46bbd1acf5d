package io.github.internalhttp.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadSwitchesTests {

	@TempDir
	Path tasks;

	@Test
	void whenAThreadsStatusIsReadThenBothKindsOfSwitchAreTaken() {
		ThreadSwitches switches = ThreadSwitches.parse(List.of("Name:\tbench-caller-1", "State:\tS (sleeping)",
				"voluntary_ctxt_switches:\t1234", "nonvoluntary_ctxt_switches:\t56"));
		assertThat(switches).isEqualTo(new ThreadSwitches(1234, 56));
	}

	@Test
	void whenTheProcessHasSeveralThreadsThenTheirSwitchesAreSummed() throws Exception {
		thread("101", 10, 1);
		thread("102", 20, 2);
		assertThat(ThreadSwitches.sample(this.tasks)).isEqualTo(new ThreadSwitches(30, 3));
	}

	@Test
	void whenComparedWithAnEarlierSampleThenTheDifferenceIsTheWindowsSwitches() {
		assertThat(new ThreadSwitches(30, 3).since(new ThreadSwitches(10, 1))).isEqualTo(new ThreadSwitches(20, 2));
		assertThat(new ThreadSwitches(30, 3).since(ThreadSwitches.UNKNOWN)).isEqualTo(ThreadSwitches.UNKNOWN);
	}

	@Test
	void whenThereIsNoProcFileSystemThenTheSwitchesAreUnknown() {
		assertThat(ThreadSwitches.sample(this.tasks.resolve("absent"))).isEqualTo(ThreadSwitches.UNKNOWN);
	}

	@Test
	void whenThisProcessIsSampledOnLinuxThenItsThreadsHaveSwitched() {
		ThreadSwitches switches = ThreadSwitches.sample();
		if (Files.isDirectory(Path.of("/proc/self/task"))) {
			assertThat(switches.voluntary()).isPositive();
		}
	}

	private void thread(String id, long voluntary, long involuntary) throws Exception {
		Path thread = Files.createDirectories(this.tasks.resolve(id));
		Files.writeString(thread.resolve("status"), "Name:\tx\nvoluntary_ctxt_switches:\t" + voluntary
				+ "\nnonvoluntary_ctxt_switches:\t" + involuntary + "\n");
	}

}
