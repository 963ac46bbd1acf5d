package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Linux {@code perf stat} counting kernel events of this process (futex calls and context
 * switches, every thread) over exactly one window: it is started with its events
 * disabled, and enabled and disabled through its control FIFO around the window. Where
 * {@code perf} is missing or not allowed, {@link #start(Path)} returns {@code null} and
 * the figures are left blank.
 */
final class PerfCounters implements AutoCloseable {

	static final String FUTEX = "syscalls:sys_enter_futex";

	static final String CONTEXT_SWITCHES = "context-switches";

	private static final long COMMAND_TIMEOUT_MILLIS = 5000;

	/** Set once perf failed to count here: later phases do not try again, nor wait for it. */
	private static volatile boolean unavailable;

	private final Process perf;

	private final Path output;

	private final RandomAccessFile control;

	private final RandomAccessFile ack;

	private PerfCounters(Process perf, Path output, RandomAccessFile control, RandomAccessFile ack) {
		this.perf = perf;
		this.output = output;
		this.control = control;
		this.ack = ack;
	}

	/**
	 * Start counting, disabled, on this process.
	 * @param directory where to keep the FIFOs and the output
	 * @return the counters, or {@code null} if {@code perf} cannot count here
	 */
	static PerfCounters start(Path directory) {
		if (unavailable) {
			return null;
		}
		PerfCounters counters = attach(directory);
		if (counters == null) {
			unavailable = true;
		}
		return counters;
	}

	private static PerfCounters attach(Path directory) {
		try {
			Files.createDirectories(directory);
			String pid = Long.toString(ProcessHandle.current().pid());
			Path ctl = directory.resolve("perf-ctl-" + pid);
			Path ackFifo = directory.resolve("perf-ack-" + pid);
			Path output = directory.resolve("perf-stat-" + pid + ".csv");
			for (Path fifo : List.of(ctl, ackFifo)) {
				Files.deleteIfExists(fifo);
				if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) {
					return null;
				}
			}
			Files.deleteIfExists(output);
			Process perf = new ProcessBuilder("perf", "stat", "-x", ",", "-e", FUTEX + "," + CONTEXT_SWITCHES, "-p",
					pid, "-D", "-1", "--control", "fifo:" + ctl + "," + ackFifo, "-o", output.toString())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			// Read-write opens never block on a FIFO, whether or not perf has opened it yet.
			PerfCounters counters = new PerfCounters(perf, output, new RandomAccessFile(ctl.toFile(), "rw"),
					new RandomAccessFile(ackFifo.toFile(), "rw"));
			// perf answers its first command once it is attached.
			if (!counters.command("disable")) {
				counters.close();
				return null;
			}
			return counters;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	void enable() {
		command("enable");
	}

	void disable() {
		command("disable");
	}

	private boolean command(String command) {
		if (!this.perf.isAlive()) {
			return false;
		}
		try {
			this.control.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
			CompletableFuture<Boolean> acked = CompletableFuture.supplyAsync(() -> {
				try {
					byte[] answer = new byte[4];
					this.ack.readFully(answer);
					return true;
				}
				catch (IOException ex) {
					return false;
				}
			});
			return acked.get(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * Stop perf and read what it counted while enabled.
	 * @return the counts by event name; empty if perf did not report
	 */
	Map<String, Long> finish() {
		try {
			new ProcessBuilder("kill", "-INT", Long.toString(this.perf.pid())).start().waitFor();
			if (!this.perf.waitFor(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
				return Map.of();
			}
			return parse(Files.readAllLines(this.output));
		}
		catch (IOException ex) {
			return Map.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
		finally {
			close();
		}
	}

	/**
	 * The counts in {@code perf stat -x ,} output: {@code value,unit,event,...} lines;
	 * {@code <not counted>} (never enabled, or nothing happened) counts as 0.
	 * @param lines the output's lines
	 * @return the counts by event name
	 */
	static Map<String, Long> parse(List<String> lines) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String line : lines) {
			String[] fields = line.split(",", -1);
			if (fields.length < 3 || line.startsWith("#")) {
				continue;
			}
			String value = fields[0].trim();
			if (value.equals("<not counted>")) {
				counts.put(fields[2].trim(), 0L);
			}
			else if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
				counts.put(fields[2].trim(), Long.parseLong(value));
			}
		}
		return counts;
	}

	@Override
	public void close() {
		this.perf.destroy();
		try {
			this.control.close();
			this.ack.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

}
