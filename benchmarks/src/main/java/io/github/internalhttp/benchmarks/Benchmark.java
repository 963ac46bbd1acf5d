package io.github.internalhttp.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The comparison, in one command: starts the {@link BenchServer} in its own JVM, starts
 * every client in a JVM of its own and lets it warm up alone, then measures them
 * interleaved (round 1: A B C ..., round 2: A B C ...), every delay in turn, and writes
 * the medians as markdown, CSV and an SVG chart.
 * <p>
 * Options (all optional): {@code --rounds 3 --delays 0,5 --clients all|id,id
 * --concurrency 200 --requests N --max-seconds S --warmup-requests N
 * --warmup-seconds S --out DIR --jfr id --client-jvm-args "-Xmx1g"}.
 */
public final class Benchmark {

	static final String CLIENT_JVM_ARGS = "-Xmx1g";

	private Benchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = Options.parse(args);
		if (options.containsKey("help")) {
			System.out.println("""
					Usage: java -jar benchmarks/target/benchmarks.jar [options]
					  --rounds N            rounds, each runs every client once per delay (default 3)
					  --delays 0,5          modeled server delays in ms (default 0,5)
					  --clients all|a,b     clients to run (default all): %s
					  --concurrency N       requests in flight per client (default 200)
					  --requests N          measured requests per run (default 100000)
					  --max-seconds S       wall-time cap of the measured phase (default 3)
					  --warmup-requests N   cap on warm-up requests per run, not measured (default 1000000)
					  --warmup-seconds S    cap on the warm-up, which ends once the JIT is quiet (default 8)
					  --out DIR             where results go (default benchmarks/results)
					  --jfr id[,id]         record a JFR profile of those clients' runs (under benchmarks/work/jfr)
					  --profile id[,id]     after each measured phase of those clients, profile one more phase per
					                        event with async-profiler: OUT/profiles/ID-DELAYms-EVENT.html and .txt
					  --profile-events E,E  events to profile (default cpu,alloc; also wall, lock)
					  --perf true|false     count futex calls with Linux perf where it works (default true)
					  --client-jvm-args "A" JVM options of every client JVM (default %s)
					  --callers platform|virtual  threads that call the blocking clients (default platform;
					                        virtual needs the driver run on Java 21+, whose java every JVM uses)
					  --prepend-classpath P classes or jars put first on every client JVM's classpath, e.g. a
					                        changed client's target/classes, to measure a change without a rebuild
					  --variant N=P         with --clients id@N: the client id with P first on its classpath,
					                        run interleaved with the others (e.g. starter-h2c,starter-h2c@patched)
					Smoke run: --rounds 1 --requests 300 --warmup-requests 200 --clients starter-h2c,jetty-h2c --out /tmp/bench
					""".formatted(ClientSpec.ALL.stream()
						.map((spec) -> spec.byDefault() ? spec.id() : spec.id() + " (not in all)")
						.collect(Collectors.joining(", ")),
					CLIENT_JVM_ARGS));
			return;
		}
		Settings settings = Settings.from(options);
		new Benchmark().run(settings);
	}

	private void run(Settings settings) throws Exception {
		Files.createDirectories(settings.out());
		Files.createDirectories(settings.work().resolve("logs"));
		Machine machine = Machine.describe();
		Instant began = Instant.now();
		System.out.printf("Benchmark: %d clients x %d delays x %d rounds, c=%d, %d requests (cap %.1fs) per run%n",
				settings.clients().size(), settings.delays().size(), settings.rounds(), settings.concurrency(),
				settings.requests(), settings.maxMillis() / 1000.0);
		System.out.println("Machine: " + machine.summary());
		List<RunResult> runs = new ArrayList<>();
		try (ServerProcess server = ServerProcess.start(settings)) {
			Machine.CpuSample runStart = Machine.CpuSample.take(server.cpuNanos(), List.of());
			List<ClientProcess> clients = new ArrayList<>();
			try {
				// Every client starts and warms up alone, then waits, idle, for its turns.
				for (ClientSpec client : settings.clients()) {
					ClientProcess process = startClient(settings, server, client);
					clients.add(process);
					System.out.printf("ready     %-22s%n", client.id());
				}
				List<Long> pids = clients.stream().map(ClientProcess::pid).toList();
				long phaseLimit = 60_000 + ClientRunner.PHASE_WARMUP_MAX_MILLIS + settings.maxMillis();
				for (int round = 1; round <= settings.rounds(); round++) {
					for (ClientProcess client : clients) {
						for (int i = 0; i < settings.delays().size(); i++) {
							Machine.CpuSample before = Machine.CpuSample.take(server.cpuNanos(), pids);
							long started = System.nanoTime();
							Map<String, String> values = client.measure(i, phaseLimit);
							Machine.CpuSample after = Machine.CpuSample.take(server.cpuNanos(), pids);
							values.put("wall_s", String.format(java.util.Locale.ROOT, "%.1f",
									(System.nanoTime() - started) / 1e9));
							values.put("other_cpu_pct", String.format(java.util.Locale.ROOT, "%.1f",
									Machine.otherCpuPercent(before, after)));
							RunResult result = new RunResult(client.client(), settings.delays().get(i), round, values);
							runs.add(result);
							System.out.println(result.progressLine());
						}
					}
				}
				machine.finish(runStart, Machine.CpuSample.take(server.cpuNanos(), pids));
			}
			finally {
				clients.forEach(ClientProcess::close);
			}
		}
		Duration took = Duration.between(began, Instant.now());
		Report report = new Report(settings, machine, runs, took);
		report.write();
		System.out.printf("Done in %ds: %s%n", took.toSeconds(), settings.out().resolve("results.md"));
	}

	/**
	 * Start one client JVM, serving every delay in turn for every round, so that its
	 * JIT warm-up is paid once.
	 */
	private ClientProcess startClient(Settings settings, ServerProcess server, ClientSpec client)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(Arrays.asList(settings.clientJvmArgs().trim().split("\\s+")));
		String runName = client.id().replace('@', '_');
		if (settings.jfr() != null && Arrays.asList(settings.jfr().split(",")).contains(client.id())) {
			Path jfr = settings.work().resolve("jfr");
			Files.createDirectories(jfr);
			command.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr.resolve(runName + ".jfr"));
		}
		boolean profiled = settings.profile().contains(client.id());
		if (profiled) {
			command.addAll(Profiles.jvmArgs(settings.profilerLibrary()));
		}
		command.add("-cp");
		command.add(settings.classpath(client));
		command.add("io.github.internalhttp.benchmarks.ClientRunner");
		String uris = settings.delays().stream().map(server::uri).collect(Collectors.joining(","));
		command.addAll(List.of("--client", client.runnerId(), "--uris", uris, "--control-port",
				Integer.toString(server.controlPort()), "--concurrency", Integer.toString(settings.concurrency()),
				"--warmup-requests", Integer.toString(settings.warmupRequests()), "--warmup-millis",
				Long.toString(settings.warmupMillis()), "--requests", Integer.toString(settings.requests()),
				"--max-millis", Long.toString(settings.maxMillis()), "--callers", settings.callers(), "--work",
				settings.work().toString(), "--perf", Boolean.toString(settings.perf())));
		if (profiled) {
			String name = runName + ("virtual".equals(settings.callers()) ? "-virtual" : "") + "-java"
					+ Runtime.version().feature();
			command.addAll(List.of("--profile-events", String.join(",", settings.profileEvents()), "--profile-dir",
					settings.out().resolve("profiles").toString(), "--profile-name", name));
		}
		Path log = settings.work().resolve("logs").resolve(runName + ".log");
		return ClientProcess.start(client, command, log, 120_000 + settings.warmupMillis());
	}

	static String javaExecutable() {
		return ProcessHandle.current().info().command().orElse(
				Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	/**
	 * Everything the run is parameterised by.
	 */
	record Settings(int rounds, List<Integer> delays, List<ClientSpec> clients, int concurrency, int requests,
			long maxMillis, int warmupRequests, long warmupMillis, Path out, Path work, String jfr,
			String clientJvmArgs, List<Path> classpath, String commandLine, String callers, List<String> profile,
			List<String> profileEvents, boolean perf) {

		private static final String PREPEND = "prepend-classpath";

		static Settings from(Map<String, String> options) throws URISyntaxException {
			Path module = moduleDirectory();
			List<Integer> delays = Arrays.stream(options.getOrDefault("delays", "0,5").split(","))
				.map(String::trim)
				.map(Integer::parseInt)
				.toList();
			String commandLine = options.entrySet()
				.stream()
				.map((entry) -> "--" + entry.getKey() + " " + entry.getValue())
				.collect(Collectors.joining(" "));
			return new Settings(Integer.parseInt(options.getOrDefault("rounds", "3")), delays,
					ClientSpec.parse(options.get("clients"), variants(options.get("variant"))),
					Integer.parseInt(options.getOrDefault("concurrency", "200")),
					Integer.parseInt(options.getOrDefault("requests", "100000")),
					(long) (Double.parseDouble(options.getOrDefault("max-seconds", "3")) * 1000),
					Integer.parseInt(options.getOrDefault("warmup-requests", "1000000")),
					(long) (Double.parseDouble(options.getOrDefault("warmup-seconds", "8")) * 1000),
					Path.of(options.getOrDefault("out", module.resolve("results").toString())).toAbsolutePath(),
					module.resolve("work"), options.get("jfr"),
					options.getOrDefault("client-jvm-args", CLIENT_JVM_ARGS), classpath(options.get(PREPEND)),
					commandLine, callers(options.getOrDefault("callers", "platform")), list(options.get("profile")),
					options.containsKey("profile-events") ? list(options.get("profile-events")) : Profiles.DEFAULT_EVENTS,
					Boolean.parseBoolean(options.getOrDefault("perf", "true")));
		}

		private static List<String> list(String option) {
			return (option == null) ? List.of()
					: Arrays.stream(option.split(",")).map(String::trim).filter((item) -> !item.isEmpty()).toList();
		}

		/** The profiler's native library, extracted beside the module's other build output. */
		Path profilerLibrary() throws IOException {
			return Profiles.extractLibrary(this.classpath, this.work.resolveSibling("target").resolve("async-profiler"));
		}

		private static String callers(String option) {
			if (!List.of("platform", "virtual").contains(option)) {
				throw new IllegalArgumentException("--callers takes platform or virtual, not " + option);
			}
			if ("virtual".equals(option) && Runtime.version().feature() < 21) {
				throw new IllegalArgumentException("--callers virtual needs Java 21 or later to run the benchmark; "
						+ "this is Java " + Runtime.version().feature());
			}
			return option;
		}

		private static Map<String, String> variants(String option) {
			Map<String, String> variants = new LinkedHashMap<>();
			if (option != null) {
				for (String variant : option.split(",")) {
					int eq = variant.indexOf('=');
					if (eq < 1) {
						throw new IllegalArgumentException("--variant takes NAME=CLASSPATH, not " + variant);
					}
					variants.put(variant.substring(0, eq).trim(), variant.substring(eq + 1).trim());
				}
			}
			return variants;
		}

		private static List<Path> classpath(String prepend) throws URISyntaxException {
			List<Path> classpath = new ArrayList<>();
			if (prepend != null) {
				Arrays.stream(prepend.split(File.pathSeparator))
					.map((entry) -> Path.of(entry).toAbsolutePath())
					.forEach(classpath::add);
			}
			classpath.addAll(runtimeClasspath());
			return classpath;
		}

		String classpath(ClientSpec client) {
			return Stream.concat(client.prepend().stream().map((entry) -> Path.of(entry).toAbsolutePath()),
					this.classpath.stream())
				.filter((entry) -> client.keeps(entry.getFileName().toString()))
				.map(Path::toString)
				.collect(Collectors.joining(File.pathSeparator));
		}

		/**
		 * The version of a library on the classpath, from its jar name.
		 * @param prefix the jar name up to the version, such as {@code jetty-server-}
		 * @return the version, or "?"
		 */
		String libraryVersion(String prefix) {
			return this.classpath.stream()
				.map((entry) -> entry.getFileName().toString())
				.filter((name) -> name.startsWith(prefix) && name.endsWith(".jar")
						&& Character.isDigit(name.charAt(prefix.length())))
				.map((name) -> name.substring(prefix.length(), name.length() - 4))
				.findFirst()
				.orElse("?");
		}

		/** The benchmarks module: the parent of target/ that holds this jar or these classes. */
		private static Path moduleDirectory() throws URISyntaxException {
			Path location = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path target = location.getParent();
			return (target != null && target.getParent() != null) ? target.getParent().toAbsolutePath()
					: Path.of(".").toAbsolutePath();
		}

		/**
		 * Run with {@code java -jar}, the classpath is the jar and the lib/ folder beside
		 * it; run from an IDE or Maven, it is {@code java.class.path}.
		 */
		private static List<Path> runtimeClasspath() throws URISyntaxException {
			Path location = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path lib = location.resolveSibling("lib");
			if (Files.isRegularFile(location) && Files.isDirectory(lib)) {
				List<Path> entries = new ArrayList<>();
				entries.add(location);
				try (Stream<Path> jars = Files.list(lib)) {
					jars.filter((jar) -> jar.toString().endsWith(".jar")).sorted().forEach(entries::add);
				}
				catch (IOException ex) {
					throw new IllegalStateException("Cannot list " + lib, ex);
				}
				return entries;
			}
			return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
				.map(Path::of)
				.toList();
		}

	}

}
