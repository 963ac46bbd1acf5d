package io.github.internalhttp.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver's side of the {@code READY} / {@code MEASURE} / {@code RESULT} exchange,
 * against real child processes standing in for a client JVM.
 */
class ClientProcessTests {

	private static final ClientSpec CLIENT = ClientSpec.find("starter-h2c").orElseThrow();

	@TempDir
	Path work;

	@Test
	void whenTheClientAnswersThenEachPhaseHasTheStartFiguresAndItsOwn() throws Exception {
		String script = "echo 'READY cold_dials=1 impl=x%20y'; while read c; do case $c in "
				+ "MEASURE*) echo \"RESULT rps=100 phase=${c#MEASURE }\";; *) exit 0;; esac; done";
		try (ClientProcess client = start(script, 10_000)) {
			Map<String, String> first = client.measure(0, 10_000);
			Map<String, String> second = client.measure(1, 10_000);
			assertThat(first).containsEntry("cold_dials", "1").containsEntry("impl", "x y")
				.containsEntry("rps", "100").containsEntry("phase", "0").doesNotContainKey("failed");
			assertThat(second).containsEntry("phase", "1");
		}
	}

	@Test
	void whenTheClientDoesNotAnswerInTimeThenThePhaseFailsAndLaterPhasesFailAtOnce() throws Exception {
		String script = "echo READY; read c; sleep 30";
		try (ClientProcess client = start(script, 10_000)) {
			assertThat(client.measure(0, 300)).containsKey("failed");
			long started = System.nanoTime();
			assertThat(client.measure(1, 10_000).get("failed")).contains("within 300 ms");
			assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
		}
	}

	@Test
	void whenTheClientDiesBeforeItIsReadyThenEveryPhaseFailsNamingItsLog() throws Exception {
		try (ClientProcess client = start("echo starting; exit 3", 10_000)) {
			assertThat(client.measure(0, 10_000).get("failed")).contains("exit 3").contains("client.log");
		}
	}

	private ClientProcess start(String script, long startMillis) throws Exception {
		Path log = Files.createFile(this.work.resolve("client.log"));
		return ClientProcess.start(CLIENT, List.of("sh", "-c", script), log, startMillis);
	}

}
