package io.github.internalhttp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.internalhttp.benchmarks.clients.ApacheAsyncClient;
import io.github.internalhttp.benchmarks.clients.BenchClient;
import io.github.internalhttp.benchmarks.clients.JdkClient;
import io.github.internalhttp.benchmarks.clients.JettyClients;
import io.github.internalhttp.benchmarks.clients.OkHttpClients;
import io.github.internalhttp.benchmarks.clients.ReactorNettyClient;
import io.github.internalhttp.benchmarks.clients.SpringRestClients;
import io.github.internalhttp.benchmarks.clients.StarterPoolClient;

/**
 * One client in a JVM of its own, so that nothing is shared with the other clients or
 * the server. It starts the client, sends a cold burst of {@code concurrency}
 * simultaneous requests (its dials counted by the server), warms up until the JIT is
 * quiet, and prints {@code READY key=value ...}. Then, for each {@code MEASURE i} line on
 * standard input, it measures a phase against the {@code i}-th URI and prints
 * {@code RESULT key=value ...}; any other line, or the end of input, ends it.
 */
public final class ClientRunner {

	private static final long WARMUP_SLICE_MILLIS = 500;

	private static final long MIN_WARMUP_MILLIS = 1000;

	/** The initial warm-up covers at least this much of the client's life, from its first request. */
	static final long FIRST_SECONDS_MILLIS = 5000;

	/** Before each measured phase: the client is warm, the delay may be new. */
	private static final long PHASE_WARMUP_MIN_MILLIS = 500;

	static final long PHASE_WARMUP_MAX_MILLIS = 2000;

	/** Compiling under this per slice (5 % of one core) counts as settled. */
	private static final long QUIET_JIT_MILLIS = 25;

	private ClientRunner() {
	}

	static BenchClient create(String id, URI target) {
		// A switch, not a table of lambdas: only the chosen client's classes are loaded,
		// so a client may run on a classpath without the others' libraries.
		return switch (id) {
			case "starter-h2c" -> SpringRestClients.starter("h2c");
			case "starter-auto" -> SpringRestClients.starter("auto");
			case "starter-h2c-50streams" -> SpringRestClients.starterH2cCappedStreams(50);
			case "starter-h2c-warmup" -> SpringRestClients.starterWarmedUp(target,
					Integer.getInteger("bench.warmupRequests", SpringRestClients.WARMUP_REQUESTS));
			case "starter-pool-h2c" -> new StarterPoolClient(false);
			case "starter-pool-h2c-meters" -> new StarterPoolClient(true);
			case "jetty-h2c" -> JettyClients.h2c();
			case "jetty-h2c-async" -> JettyClients.h2cAsync();
			case "jetty-http1" -> JettyClients.http1();
			case "boot-default" -> SpringRestClients.boot(null);
			case "boot-jetty" -> SpringRestClients.boot("jetty");
			case "boot-apache" -> SpringRestClients.bootApache(null);
			case "boot-apache-pooled" -> SpringRestClients.bootApache(200);
			case "boot-reactor-h2c" -> SpringRestClients.bootReactorH2c();
			case "jdk-http1" -> new JdkClient();
			case "okhttp-h2c" -> new OkHttpClients();
			case "reactor-netty-h2c" -> new ReactorNettyClient();
			case "apache-h2c" -> new ApacheAsyncClient();
			default -> throw new IllegalArgumentException("Unknown client " + id);
		};
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = Options.parse(args);
		String id = options.get("client");
		List<URI> uris = Arrays.stream(options.get("uris").split(",")).map(URI::create).toList();
		int controlPort = Integer.parseInt(options.get("control-port"));
		int concurrency = Integer.parseInt(options.get("concurrency"));
		int warmupRequests = Integer.parseInt(options.get("warmup-requests"));
		long warmupMillis = Long.parseLong(options.get("warmup-millis"));
		int requests = Integer.parseInt(options.get("requests"));
		long maxMillis = Long.parseLong(options.get("max-millis"));
		Path work = Path.of(options.getOrDefault("work", System.getProperty("java.io.tmpdir")));
		boolean perf = Boolean.parseBoolean(options.getOrDefault("perf", "true"));
		List<String> profileEvents = options.containsKey("profile-events")
				? Arrays.asList(options.get("profile-events").split(",")) : List.of();

		HeapSampler heap = new HeapSampler();
		Map<String, Object> ready = new LinkedHashMap<>();
		long startup = System.nanoTime();
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		boolean virtualCallers = "virtual".equals(options.get("callers"));
		try (BenchClient client = create(id, uris.get(0));
				LoadGenerator load = new LoadGenerator(client, uris.get(0), concurrency, virtualCallers)) {
			ready.put("impl", encode(client.describe()));
			ready.put("startup_ms", (System.nanoTime() - startup) / 1_000_000);

			// One cold burst per client JVM, at the first delay.
			List<WarmupCurve.Slice> curve = new ArrayList<>();
			long origin = System.nanoTime();
			Map<String, Long> beforeBurst = ServerControl.stats(controlPort);
			LoadGenerator.Phase burst = load.run(concurrency, 60_000);
			Map<String, Long> afterBurst = ServerControl.stats(controlPort);
			curve.add(new WarmupCurve.Slice(0, burst.elapsedNanos() / 1_000_000, burst.requests() - burst.errors()));
			ready.put("cold_dials", afterBurst.get("accepted") - beforeBurst.get("accepted"));
			ready.put("cold_errors", burst.errors());
			ready.put("cold_ms", burst.elapsedNanos() / 1_000_000);
			// At least the first seconds of the client's life, to report how fast it serves then.
			long minWarmup = Math.max(MIN_WARMUP_MILLIS, FIRST_SECONDS_MILLIS - (System.nanoTime() - origin) / 1_000_000);
			long[] warmup = warmUp(load, warmupRequests, Math.max(warmupMillis, minWarmup), minWarmup, curve, origin);
			ready.put("warmup_ms", warmup[0]);
			ready.put("warmup_requests", warmup[1]);
			WarmupCurve warmupCurve = new WarmupCurve(curve);
			ready.put("first5s_rps", round(warmupCurve.rpsWithin(FIRST_SECONDS_MILLIS), 1));
			ready.put("warmup_curve", warmupCurve);
			print("READY", ready);

			// Then one measured phase per command, while the driver interleaves clients.
			String command;
			while ((command = commands.readLine()) != null && command.startsWith("MEASURE ")) {
				int delayIndex = Integer.parseInt(command.substring("MEASURE ".length()).trim());
				load.target(uris.get(delayIndex));
				Map<String, Object> result = new LinkedHashMap<>();
				measurePhase(load, result, heap, controlPort, warmupRequests, requests, maxMillis,
						perf ? work.resolve("perf") : null);
				result.put("rss_peak_mb", round(peakRssKb() / 1024.0, 1));
				if (!profileEvents.isEmpty()) {
					String name = options.get("profile-name") + "-" + uris.get(delayIndex).getPath().substring(3)
							+ "ms";
					for (String event : profileEvents) {
						Profiles.profile(Profiles.inThisJvm(), event, Path.of(options.get("profile-dir")), name,
								() -> load.run(requests, maxMillis));
					}
				}
				print("RESULT", result);
			}
		}
		heap.stop();
		// Clients without close() (the JDK's) or with lingering non-daemon threads must
		// not keep the process alive.
		System.exit(0);
	}

	private static void print(String kind, Map<String, Object> values) {
		StringBuilder line = new StringBuilder(kind);
		values.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
		System.out.println(line);
		System.out.flush();
	}

	/**
	 * One measured phase: a short warm-up at this phase's delay, until the JIT is quiet
	 * again, then the measured requests. Dials count from the start of the phase.
	 */
	private static void measurePhase(LoadGenerator load, Map<String, Object> result, HeapSampler heap,
			int controlPort, int warmupRequests, int requests, long maxMillis, Path perfDirectory) throws Exception {
		Map<String, Long> since = ServerControl.stats(controlPort);
		// perf attaches during the phase's warm-up, and counts only the measured phase.
		PerfCounters perf = (perfDirectory != null) ? PerfCounters.start(perfDirectory) : null;
		long[] warmup = warmUp(load, warmupRequests, PHASE_WARMUP_MAX_MILLIS, PHASE_WARMUP_MIN_MILLIS, null, 0);
		result.put("phase_warmup_ms", warmup[0]);
		PinnedThreads pinned = PinnedThreads.start();
		long jitBefore = jitMillis();
		Map<String, Long> before = ServerControl.stats(controlPort);
		long cpuBefore = processCpuNanos();
		long gcBefore = gcMillis();
		long allocatedBefore = allocatedBytes();
		ThreadSwitches switchesBefore = ThreadSwitches.sample();
		heap.reset();
		MeasuredPhaseEvent window = new MeasuredPhaseEvent();
		if (perf != null) {
			perf.enable();
		}
		window.begin();
		LoadGenerator.Phase measured = load.run(requests, maxMillis);
		window.commit();
		if (perf != null) {
			perf.disable();
		}
		long cpuAfter = processCpuNanos();
		long gcAfter = gcMillis();
		long allocatedAfter = allocatedBytes();
		ThreadSwitches switches = ThreadSwitches.sample().since(switchesBefore);
		Map<String, Long> after = ServerControl.stats(controlPort);
		long pinnedEvents = (pinned != null) ? pinned.stop() : -1;
		Map<String, Long> kernel = (perf != null) ? perf.finish() : Map.of();

		long[] ok = measured.sortedSuccesses();
		double seconds = measured.elapsedNanos() / 1e9;
		result.put("requests", measured.requests());
		result.put("errors", measured.errors());
		result.put("seconds", round(seconds, 3));
		result.put("rps", round(ok.length / seconds, 1));
		result.put("p50_ms", percentileMillis(ok, 0.50));
		result.put("p90_ms", percentileMillis(ok, 0.90));
		result.put("p99_ms", percentileMillis(ok, 0.99));
		result.put("p999_ms", percentileMillis(ok, 0.999));
		result.put("max_ms", (ok.length > 0) ? round(ok[ok.length - 1] / 1e6, 2) : 0);
		result.put("dials", after.get("accepted") - since.get("accepted"));
		result.put("measured_dials", after.get("accepted") - before.get("accepted"));
		result.put("http1_requests", after.get("http1") - before.get("http1"));
		result.put("http2_requests", after.get("http2") - before.get("http2"));
		result.put("cpu_s", round((cpuAfter - cpuBefore) / 1e9, 3));
		result.put("server_cpu_s", round((after.get("cpuNanos") - before.get("cpuNanos")) / 1e9, 3));
		result.put("gc_ms", gcAfter - gcBefore);
		result.put("jit_ms", jitMillis() - jitBefore);
		result.put("heap_peak_mb", round(heap.peakBytes() / 1048576.0, 1));
		result.put("alloc_mb", (allocatedBefore >= 0) ? round((allocatedAfter - allocatedBefore) / 1048576.0, 1) : "");
		result.put("ctx_voluntary", (switches.voluntary() >= 0) ? switches.voluntary() : "");
		result.put("ctx_involuntary", (switches.involuntary() >= 0) ? switches.involuntary() : "");
		result.put("futex_calls", kernel.containsKey(PerfCounters.FUTEX) ? kernel.get(PerfCounters.FUTEX) : "");
		result.put("perf_context_switches",
				kernel.containsKey(PerfCounters.CONTEXT_SWITCHES) ? kernel.get(PerfCounters.CONTEXT_SWITCHES) : "");
		result.put("pinned_events", (pinnedEvents >= 0) ? pinnedEvents : "");
		String error = (load.firstError() != null) ? load.firstError() : "";
		result.put("first_error", encode(error));
	}

	/**
	 * Bytes allocated on the heap by every thread so far, those ended included; -1 where
	 * the JVM does not tell. Virtual threads' allocations count on their carriers.
	 */
	private static long allocatedBytes() {
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		if (threads instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
				&& sun.isThreadAllocatedMemoryEnabled()) {
			// Looked up, not called: the method is absent from Java 17's API as javac
			// --release 17 sees it (JDK 25), though Java 17.0.15 has it at run time.
			try {
				return (long) com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes")
					.invoke(sun);
			}
			catch (ReflectiveOperationException ex) {
				return -1;
			}
		}
		return -1;
	}

	/**
	 * Load the client until its JIT compiler has settled, so that the measured phase sees
	 * the code a long-running service runs rather than compilation: the warm-up ends
	 * after a slice in which compiling took under {@value #QUIET_JIT_MILLIS} ms, once
	 * {@value #MIN_WARMUP_MILLIS} ms have passed, or at the caps. A client with more code
	 * on its path (a Spring context, say) needs longer, and a fixed warm-up short
	 * enough for the fastest client would measure its compiler.
	 * @return the warm-up's duration in milliseconds and its requests
	 */
	static long[] warmUp(LoadGenerator load, int maxRequests, long maxMillis, long minMillis,
			List<WarmupCurve.Slice> curve, long origin) throws InterruptedException {
		long started = System.nanoTime();
		long requests = 0;
		long compiled = jitMillis();
		while (requests < maxRequests) {
			long elapsed = (System.nanoTime() - started) / 1_000_000;
			if (elapsed >= maxMillis) {
				break;
			}
			long sliceStart = System.nanoTime();
			LoadGenerator.Phase slice = load.run((int) (maxRequests - requests),
					Math.min(WARMUP_SLICE_MILLIS, maxMillis - elapsed));
			requests += slice.requests();
			if (curve != null) {
				curve.add(new WarmupCurve.Slice((sliceStart - origin) / 1_000_000, (System.nanoTime() - origin) / 1_000_000,
						slice.requests() - slice.errors()));
			}
			long now = jitMillis();
			boolean quiet = now - compiled < QUIET_JIT_MILLIS;
			compiled = now;
			if (quiet && (System.nanoTime() - started) / 1_000_000 >= minMillis) {
				break;
			}
		}
		return new long[] { (System.nanoTime() - started) / 1_000_000, requests };
	}

	/** Time the JIT compilers spent so far, summed over their threads; 0 if unknown. */
	private static long jitMillis() {
		java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		return (jit != null && jit.isCompilationTimeMonitoringSupported()) ? jit.getTotalCompilationTime() : 0;
	}

	/** Values travel as {@code key=value} pairs separated by spaces: no space in a value. */
	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	static double percentileMillis(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return round(sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6, 3);
	}

	private static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Math.round(value * scale) / scale;
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, gc.getCollectionTime());
		}
		return total;
	}

	/** Peak resident set size of this process (VmHWM), in KiB; 0 where /proc is absent. */
	private static long peakRssKb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux: no figure.
		}
		return 0;
	}

	/**
	 * Marks the measured phase in a JFR recording, so that {@link JfrTop} can leave out
	 * startup and warm-up; free when no recording runs.
	 */
	@jdk.jfr.Name(MeasuredPhaseEvent.NAME)
	@jdk.jfr.Label("Measured phase")
	static final class MeasuredPhaseEvent extends jdk.jfr.Event {

		static final String NAME = "io.github.internalhttp.benchmarks.MeasuredPhase";

	}

	/**
	 * Samples used heap every few milliseconds: the peak of the total, which summing
	 * each pool's own peak would overstate.
	 */
	private static final class HeapSampler {

		private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

		private final AtomicLong peak = new AtomicLong();

		private final Thread thread;

		private volatile boolean running = true;

		HeapSampler() {
			this.thread = new Thread(() -> {
				while (this.running) {
					sample();
					try {
						Thread.sleep(10);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "heap-sampler");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		private void sample() {
			long used = this.memory.getHeapMemoryUsage().getUsed();
			this.peak.accumulateAndGet(used, Math::max);
		}

		void reset() {
			this.peak.set(0);
		}

		long peakBytes() {
			sample();
			return this.peak.get();
		}

		void stop() {
			this.running = false;
			this.thread.interrupt();
		}

	}

}
