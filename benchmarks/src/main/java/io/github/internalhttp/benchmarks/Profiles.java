package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import one.profiler.AsyncProfiler;
import one.profiler.Counter;

/**
 * Flame graphs of a client with async-profiler ({@code --profile}). The driver extracts
 * the profiler's native library from its jar and loads it into the client JVM as an
 * agent; the client then profiles extra phases, after each measured one, so that the
 * measured figures are never taken under the profiler. Each profiled phase writes
 * {@code NAME-EVENT.html} (an interactive flame graph) and {@code NAME-EVENT.collapsed} (the stacks, one per line) and {@code NAME-EVENT.txt} (the
 * heaviest frames by self time or allocated bytes, and the share of each owner: see {@link StackProfile}).
 */
final class Profiles {

	/** Events profiled by default: CPU time and allocated bytes. */
	static final List<String> DEFAULT_EVENTS = List.of("cpu", "alloc");

	/** Frames listed in the text summary. */
	static final int FLAT_FRAMES = 30;

	private Profiles() {
	}

	/**
	 * The profiler's native library for this machine, extracted from its jar on the
	 * classpath into {@code directory}.
	 * @param classpath the driver's classpath
	 * @param directory where to put the library (such as {@code target/async-profiler})
	 * @return the library's path
	 */
	static Path extractLibrary(List<Path> classpath, Path directory) throws IOException {
		Path jar = classpath.stream()
			.filter((entry) -> entry.getFileName().toString().startsWith("async-profiler-")
					&& entry.getFileName().toString().endsWith(".jar"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("async-profiler's jar is not on the classpath"));
		String entryName = platform() + "/libasyncProfiler.so";
		Path library = directory.resolve(platform()).resolve("libasyncProfiler.so");
		try (JarFile file = new JarFile(jar.toFile())) {
			ZipEntry entry = file.getEntry(entryName);
			if (entry == null) {
				throw new IllegalStateException(jar + " has no " + entryName);
			}
			Files.createDirectories(library.getParent());
			try (InputStream in = file.getInputStream(entry)) {
				Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return library;
	}

	private static String platform() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		if (!os.contains("linux")) {
			throw new IllegalStateException("--profile needs Linux; this is " + os);
		}
		String arch = System.getProperty("os.arch");
		return (arch.equals("aarch64") || arch.equals("arm64")) ? "linux-arm64" : "linux-x64";
	}

	/**
	 * The client JVM's options: the library loaded as an agent (idle until started), and
	 * debug information at every instruction, not only at safepoints, for exact frames.
	 * @param library the library
	 * @return the options
	 */
	static List<String> jvmArgs(Path library) {
		return List.of("-agentpath:" + library, "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
				"-Dbench.profiler.library=" + library);
	}

	/**
	 * The profiler in this (client) JVM.
	 * @return the profiler
	 */
	static AsyncProfiler inThisJvm() {
		String library = System.getProperty("bench.profiler.library");
		return (library != null) ? AsyncProfiler.getInstance(library) : AsyncProfiler.getInstance();
	}

	/**
	 * Profile one event while {@code work} runs.
	 * @param profiler the profiler
	 * @param event {@code cpu}, {@code alloc}, {@code wall} or {@code lock}
	 * @param directory where the files go
	 * @param name the files' name before {@code -EVENT.html}
	 * @param work the load to profile
	 */
	static void profile(AsyncProfiler profiler, String event, Path directory, String name, Work work)
			throws Exception {
		Files.createDirectories(directory);
		String start = switch (event) {
			// A sample per millisecond of CPU (the default is 10 ms): enough in a few seconds.
			case "cpu" -> "start,event=cpu,interval=1ms";
			case "wall" -> "start,event=wall,interval=5ms";
			// A sample per 64 KiB allocated (the default is 512 KiB).
			case "alloc" -> "start,alloc=64k";
			default -> "start,event=" + event;
		};
		profiler.execute(start);
		try {
			work.run();
		}
		finally {
			profiler.execute("stop");
		}
		String base = directory.resolve(name + "-" + event).toString();
		profiler.execute("dump,flamegraph,title=" + name + "-" + event + ",file=" + base + ".html");
		boolean allocation = event.equals("alloc");
		String collapsed = profiler.dumpCollapsed(allocation ? Counter.TOTAL : Counter.SAMPLES);
		// The raw stacks, for questions the summary does not answer (grep a frame's callers).
		Files.writeString(Path.of(base + ".collapsed"), collapsed);
		Files.writeString(Path.of(base + ".txt"),
				StackProfile.parse(collapsed, allocation).summary(name + " " + event, FLAT_FRAMES));
	}

	/** Load to profile. */
	@FunctionalInterface
	interface Work {

		void run() throws Exception;

	}

}
