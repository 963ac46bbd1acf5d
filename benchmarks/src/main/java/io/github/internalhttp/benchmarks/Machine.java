package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine the benchmark ran on, and how much of its CPU other processes took
 * meanwhile: the machine's busy time (/proc/stat) less the driver's, its finished
 * children's (the client JVMs) and the server's.
 */
final class Machine {

	private static final double TICKS_PER_SECOND = 100.0;

	private final String cpu;

	private final int cores;

	private final String memory;

	private final String os;

	private final String jvm;

	private final String loadBefore;

	private String loadAfter = "";

	private double otherCpuPercent = Double.NaN;

	private Machine(String cpu, int cores, String memory, String os, String jvm, String loadBefore) {
		this.cpu = cpu;
		this.cores = cores;
		this.memory = memory;
		this.os = os;
		this.jvm = jvm;
		this.loadBefore = loadBefore;
	}

	static Machine describe() {
		String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
		String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
			.map((kb) -> String.format("%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1048576.0))
			.orElse("unknown");
		String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
		String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
		return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, os, jvm, loadAverage());
	}

	void finish(CpuSample start, CpuSample end) {
		this.loadAfter = loadAverage();
		this.otherCpuPercent = otherCpuPercent(start, end);
	}

	String summary() {
		return String.format("%s, %d cores, %s RAM, %s, %s, load average %s", this.cpu, this.cores, this.memory,
				this.os, this.jvm, this.loadBefore);
	}

	String cpu() {
		return this.cpu;
	}

	int cores() {
		return this.cores;
	}

	String memory() {
		return this.memory;
	}

	String os() {
		return this.os;
	}

	String jvm() {
		return this.jvm;
	}

	String loadBefore() {
		return this.loadBefore;
	}

	String loadAfter() {
		return this.loadAfter;
	}

	double otherCpuPercent() {
		return this.otherCpuPercent;
	}

	/**
	 * Share of the machine's CPU capacity used by processes other than the benchmark's
	 * between two samples, in percent; NaN where /proc is absent.
	 */
	static double otherCpuPercent(CpuSample before, CpuSample after) {
		if (before.machineBusyTicks() < 0 || after.machineBusyTicks() < 0) {
			return Double.NaN;
		}
		double wall = (after.nanoTime() - before.nanoTime()) / 1e9;
		double busy = (after.machineBusyTicks() - before.machineBusyTicks()) / TICKS_PER_SECOND;
		double ours = (after.driverAndChildrenTicks() - before.driverAndChildrenTicks()) / TICKS_PER_SECOND
				+ (after.serverCpuNanos() - before.serverCpuNanos()) / 1e9;
		double capacity = wall * Runtime.getRuntime().availableProcessors();
		return (capacity > 0) ? Math.max(0, (busy - ours) / capacity * 100) : Double.NaN;
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static java.util.Optional<String> firstValue(Path file, String key) {
		try {
			for (String line : Files.readAllLines(file)) {
				if (line.startsWith(key)) {
					return java.util.Optional.of(line.substring(line.indexOf(':') + 1).trim());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux.
		}
		return java.util.Optional.empty();
	}

	/**
	 * CPU counters at one instant.
	 *
	 * @param nanoTime when
	 * @param machineBusyTicks busy time of all CPUs, in clock ticks; -1 if unknown
	 * @param driverAndChildrenTicks the driver's CPU time and its reaped children's
	 * @param serverCpuNanos the server's CPU time
	 */
	/** User and system CPU ticks of a running process; 0 if it is gone. */
	private static long processTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	record CpuSample(long nanoTime, long machineBusyTicks, long driverAndChildrenTicks, long serverCpuNanos) {

		/**
		 * Take a sample.
		 * @param serverCpuNanos the server's CPU time so far
		 * @param clientPids the client JVMs still running (whose CPU the driver's
		 * children's figures do not hold yet)
		 * @return the sample
		 */
		static CpuSample take(long serverCpuNanos, List<Long> clientPids) {
			long busy = -1;
			long ours = 0;
			try {
				String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
				// user nice system idle iowait irq softirq steal
				busy = 0;
				for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
					busy += Long.parseLong(cpu[i]);
				}
				String stat = Files.readString(Path.of("/proc/self/stat"));
				List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+"));
				// utime, stime, cutime, cstime are fields 14 to 17 of /proc/[pid]/stat.
				for (int i = 11; i <= 14; i++) {
					ours += Long.parseLong(fields.get(i));
				}
				for (long pid : clientPids) {
					ours += processTicks(pid);
				}
			}
			catch (IOException | RuntimeException ex) {
				busy = -1;
			}
			return new CpuSample(System.nanoTime(), busy, ours, serverCpuNanos);
		}

	}

}
