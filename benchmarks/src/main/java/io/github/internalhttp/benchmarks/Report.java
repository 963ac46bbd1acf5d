package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the runs into {@code results.md} (machine, setup, medians per delay, targets),
 * {@code results.csv} (medians), {@code runs.csv} (every run) and {@code chart.svg}.
 */
final class Report {

	/** Figures kept per run, in CSV column order. */
	static final List<String> FIGURES = List.of("rps", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "requests",
			"errors", "seconds", "cold_dials", "cold_ms", "dials", "measured_dials", "http1_requests",
			"http2_requests", "cpu_s", "server_cpu_s", "gc_ms", "jit_ms", "rss_peak_mb", "heap_peak_mb", "startup_ms",
			"warmup_ms", "warmup_requests", "first5s_rps", "alloc_mb", "ctx_voluntary", "ctx_involuntary",
			"futex_calls", "perf_context_switches", "pinned_events", "other_cpu_pct", "wall_s");

	/**
	 * Figures derived from each run's own, per request, then reduced to medians like the
	 * others: what a request costs the client process.
	 */
	static final Map<String, java.util.function.ToDoubleFunction<RunResult>> PER_REQUEST = perRequest();

	private static Map<String, java.util.function.ToDoubleFunction<RunResult>> perRequest() {
		Map<String, java.util.function.ToDoubleFunction<RunResult>> derived = new LinkedHashMap<>();
		derived.put("cpu_us_per_req", (run) -> run.number("cpu_s") * 1e6 / run.number("requests"));
		derived.put("server_cpu_us_per_req", (run) -> run.number("server_cpu_s") * 1e6 / run.number("requests"));
		derived.put("alloc_kb_per_req", (run) -> run.number("alloc_mb") * 1024 / run.number("requests"));
		derived.put("ctx_per_req",
				(run) -> (run.number("ctx_voluntary") + run.number("ctx_involuntary")) / run.number("requests"));
		derived.put("involuntary_ctx_per_req", (run) -> run.number("ctx_involuntary") / run.number("requests"));
		derived.put("futex_per_req", (run) -> run.number("futex_calls") / run.number("requests"));
		return derived;
	}

	/** Above this share of the machine taken by other processes, the results say so. */
	static final double BUSY_PERCENT = 10;

	private final Benchmark.Settings settings;

	private final Machine machine;

	private final List<RunResult> runs;

	private final Duration took;

	private final Map<String, Map<Integer, Median>> medians = new LinkedHashMap<>();

	Report(Benchmark.Settings settings, Machine machine, List<RunResult> runs, Duration took) {
		this.settings = settings;
		this.machine = machine;
		this.runs = runs;
		this.took = took;
		for (ClientSpec client : settings.clients()) {
			Map<Integer, Median> byDelay = new LinkedHashMap<>();
			for (int delay : settings.delays()) {
				List<RunResult> of = runs.stream()
					.filter((run) -> run.client().equals(client) && run.delay() == delay)
					.toList();
				byDelay.put(delay, new Median(client, delay, of));
			}
			this.medians.put(client.id(), byDelay);
		}
	}

	void write() throws IOException {
		Files.writeString(this.settings.out().resolve("runs.csv"), runsCsv());
		Files.writeString(this.settings.out().resolve("results.csv"), mediansCsv());
		Files.writeString(this.settings.out().resolve("chart.svg"),
				new SvgChart(this.settings, this.medians).render());
		Files.writeString(this.settings.out().resolve("results.md"), markdown());
	}

	Optional<Median> median(String id, int delay) {
		return Optional.ofNullable(this.medians.get(id)).map((byDelay) -> byDelay.get(delay));
	}

	private String runsCsv() {
		StringBuilder csv = new StringBuilder(
				"client,delay_ms,round," + String.join(",", FIGURES) + ",impl,failed,warmup_curve\n");
		for (RunResult run : this.runs) {
			csv.append(run.client().id()).append(',').append(run.delay()).append(',').append(run.round());
			for (String figure : FIGURES) {
				csv.append(',').append(run.values().getOrDefault(figure, ""));
			}
			csv.append(',').append(csvText(run.values().getOrDefault("impl", "")));
			csv.append(',').append(csvText(run.values().getOrDefault("failed", "")));
			csv.append(',').append(csvText(run.values().getOrDefault("warmup_curve", ""))).append('\n');
		}
		return csv.toString();
	}

	private String mediansCsv() {
		StringBuilder csv = new StringBuilder(
				"client,label,delay_ms,rounds_ok,protocol_seen,errors_total," + String.join(",", FIGURES) + ","
						+ String.join(",", PER_REQUEST.keySet()) + "\n");
		for (Map<Integer, Median> byDelay : this.medians.values()) {
			for (Median median : byDelay.values()) {
				csv.append(median.client().id()).append(',').append(csvText(median.client().label())).append(',');
				csv.append(median.delay()).append(',').append(median.roundsOk()).append(',');
				csv.append(median.protocolSeen()).append(',').append(median.errorsTotal());
				for (String figure : FIGURES) {
					csv.append(',').append(format(median.get(figure)));
				}
				for (String figure : PER_REQUEST.keySet()) {
					csv.append(',').append(format(median.get(figure)));
				}
				csv.append('\n');
			}
		}
		return csv.toString();
	}

	private static String csvText(String text) {
		return "\"" + text.replace("\"", "\"\"") + "\"";
	}

	private static String format(double value) {
		if (Double.isNaN(value)) {
			return "";
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e12) {
			return Long.toString((long) value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

	private String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmark results\n\n");
		md.append("Run on ")
			.append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
			.append(" in ")
			.append(this.took.toMinutes())
			.append(" min ")
			.append(this.took.toSecondsPart())
			.append(" s by `java -jar benchmarks/target/benchmarks.jar")
			.append(this.settings.commandLine().isEmpty() ? "" : " " + this.settings.commandLine())
			.append("`. Files: `results.csv` (medians), `runs.csv` (every run), `chart.svg`.\n\n");
		machineSection(md);
		setupSection(md);
		for (int delay : this.settings.delays()) {
			resultsTable(md, delay);
			costTable(md, delay);
		}
		warmupTable(md);
		targetsSection(md);
		md.append("![req/s and p99 per client](chart.svg)\n");
		return md.toString();
	}

	private void machineSection(StringBuilder md) {
		double worstRun = this.runs.stream()
			.mapToDouble((run) -> run.number("other_cpu_pct"))
			.filter((value) -> !Double.isNaN(value))
			.max()
			.orElse(Double.NaN);
		md.append("## Machine\n\n");
		md.append("- CPU: ").append(this.machine.cpu()).append(", ").append(this.machine.cores()).append(" cores\n");
		md.append("- Memory: ").append(this.machine.memory()).append("\n");
		md.append("- OS: ").append(this.machine.os()).append("\n");
		md.append("- JVM: ").append(this.machine.jvm()).append(" (server and every client)\n");
		md.append("- Load average before / after: ")
			.append(this.machine.loadBefore())
			.append(" / ")
			.append(this.machine.loadAfter())
			.append("\n");
		md.append(String.format(Locale.ROOT,
				"- CPU taken by other processes during the benchmark: %.1f %% of the machine overall, %.1f %% in the worst run%n%n",
				this.machine.otherCpuPercent(), worstRun));
		if (this.machine.otherCpuPercent() > BUSY_PERCENT || worstRun > 2 * BUSY_PERCENT) {
			md.append("**The machine was busy with other work during this run** (see `other_cpu_pct` per run in "
					+ "`runs.csv`): absolute figures are lower and noisier than on an idle machine; the interleaved "
					+ "rounds spread the disturbance over all clients, so ratios hold better than absolutes.\n\n");
		}
	}

	private void setupSection(StringBuilder md) {
		md.append("## Setup\n\n");
		md.append("- Server: Jetty ")
			.append(this.settings.libraryVersion("jetty-server-"))
			.append(" in its own JVM (`")
			.append(ServerProcess.SERVER_JVM_ARGS)
			.append("`), HTTP/1.1 and h2c (prior knowledge; `Upgrade: h2c` not honoured, as nginx) on one loopback "
					+ "connector, max 1024 concurrent streams, a ")
			.append(ServerControl.BODY.length())
			.append("-byte body, the delay modeled with the scheduler (no thread held). It counts accepted sockets "
					+ "(\"dials\") and requests per HTTP version.\n");
		md.append("- Each client runs in a JVM of its own (`")
			.append(this.settings.clientJvmArgs())
			.append("`) sharing the machine's ")
			.append(this.machine.cores())
			.append(" cores with the server. At its start, alone on the machine: a cold burst of ")
			.append(this.settings.concurrency())
			.append(" simultaneous requests (its dials are *cold dials*, at the first delay), then a warm-up that "
					+ "lasts until its JIT compiler is quiet (under 25 ms of compiling in a 0.5 s slice, at least 1 s, "
					+ "at most ")
			.append(this.settings.warmupMillis() / 1000.0)
			.append(" s). A short fixed warm-up would measure the compiler, and penalise clients with more code on "
					+ "their path. All clients then wait, idle, while the rounds run.\n");
		md.append("- Each run (one client, one delay, one round): a warm-up of 0.5 to 2 s at that delay, then ")
			.append(this.settings.requests())
			.append(" measured requests (or fewer if ")
			.append(this.settings.maxMillis() / 1000.0)
			.append(" s pass first), ")
			.append(this.settings.concurrency())
			.append(" in flight. Rounds: ")
			.append(this.settings.rounds())
			.append(", each running every client once per delay, in the same order (A B C ... A B C ...); figures "
					+ "are medians over rounds (errors: total). `runs.csv` has every run, with the JIT compiler's "
					+ "time during its measured phase (`jit_ms`).\n");
		md.append("- Blocking clients are called from ")
			.append(this.settings.concurrency())
			.append("virtual".equals(this.settings.callers()) ? " virtual threads" : " platform threads")
			.append("; asynchronous ones keep ")
			.append(this.settings.concurrency())
			.append(" requests in flight from one thread. Every call reads the whole body as a String. "
					+ "`RestClient` is called as applications call it: "
					+ "`restClient.get().uri(uri).retrieve().body(String.class)` with a ready `URI`.\n");
		md.append("- CPU s: the client JVM's CPU time during the measured phase; RSS: the client JVM's peak "
				+ "resident set (VmHWM, whole run); heap: peak used heap during the measured phase, sampled.\n\n");
		md.append("| client | what serves the calls | driven |\n|---|---|---|\n");
		for (ClientSpec client : this.settings.clients()) {
			String impl = this.runs.stream()
				.filter((run) -> run.client().equals(client) && run.values().containsKey("impl"))
				.map((run) -> run.values().get("impl"))
				.findFirst()
				.orElse("(no successful run)");
			md.append("| ")
				.append(client.label())
				.append(" | ")
				.append(impl)
				.append(" | ")
				.append(client.drive())
				.append(" |\n");
		}
		md.append('\n');
	}

	private void resultsTable(StringBuilder md, int delay) {
		md.append("## ").append(delay).append(" ms server delay, c=").append(this.settings.concurrency()).append("\n\n");
		md.append("| client | req/s | requests | p50 ms | p90 ms | p99 ms | p99.9 ms | errors | cold dials | dials "
				+ "| protocol | CPU s | CPU µs/req | RSS MB | heap MB |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
		List<Median> rows = this.medians.values().stream().map((byDelay) -> byDelay.get(delay)).toList();
		for (Median m : rows) {
			String label = (m.client().group() == ClientSpec.Group.STARTER) ? "**" + m.client().label() + "**"
					: m.client().label();
			if (m.roundsOk() == 0) {
				md.append("| ").append(label).append(" | failed: see runs.csv ||||||||||||||\n");
				continue;
			}
			double cpuPer1k = m.get("cpu_us_per_req");
			md.append(String.format(Locale.ROOT,
					"| %s | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f | %d | %.0f | %.0f | %s | %.2f | %.1f | %.0f | %.0f |%n",
					label, m.get("rps"), m.get("requests"), m.get("p50_ms"), m.get("p90_ms"), m.get("p99_ms"), m.get("p999_ms"),
					m.errorsTotal(), m.get("cold_dials"), m.get("dials"), m.protocolSeen(), m.get("cpu_s"), cpuPer1k,
					m.get("rss_peak_mb"), m.get("heap_peak_mb")));
		}
		md.append('\n');
	}

	private void costTable(StringBuilder md, int delay) {
		md.append("Cost per request, ").append(delay).append(" ms (client process; context switches summed over its "
				+ "threads from /proc; futex calls from `perf stat`, blank where perf cannot count; pinned: JFR "
				+ "`jdk.VirtualThreadPinned` events in the measured phase, Java 21+):\n\n");
		md.append("| client | CPU µs/req | alloc KB/req | context switches/req | of which involuntary | futex calls/req "
				+ "| GC ms | server CPU µs/req | pinned virtual threads |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map<Integer, Median> byDelay : this.medians.values()) {
			Median m = byDelay.get(delay);
			if (m.roundsOk() == 0) {
				continue;
			}
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", label(m),
					number(m.get("cpu_us_per_req"), 1), number(m.get("alloc_kb_per_req"), 2),
					number(m.get("ctx_per_req"), 2), number(m.get("involuntary_ctx_per_req"), 2),
					number(m.get("futex_per_req"), 2), number(m.get("gc_ms"), 0),
					number(m.get("server_cpu_us_per_req"), 1), number(m.get("pinned_events"), 0)));
		}
		md.append('\n');
	}

	private void warmupTable(StringBuilder md) {
		int delay = this.settings.delays().get(0);
		md.append("## Start and warm-up\n\n");
		md.append("From each client's first request, at ").append(delay).append(" ms: its cold burst of ")
			.append(this.settings.concurrency())
			.append(" requests, then its warm-up in 0.5 s slices. Steady: the median req/s of its measured runs at ")
			.append(delay)
			.append(" ms; time to 90 %: the end of the first slice at 90 % of that or faster (\"> N s\": not within "
					+ "the warm-up, which ends once the JIT compiler is quiet).\n\n");
		md.append("| client | startup ms | cold dials | cold burst ms | req/s, first 5 s | steady req/s | first 5 s / steady "
				+ "| time to 90 % of steady |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map<Integer, Median> byDelay : this.medians.values()) {
			Median m = byDelay.get(delay);
			if (m.roundsOk() == 0) {
				continue;
			}
			WarmupCurve curve = m.warmupCurve();
			double steady = m.get("rps");
			long reached = curve.millisToReach(0.9 * steady);
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", label(m),
					number(m.get("startup_ms"), 0), number(m.get("cold_dials"), 0), number(m.get("cold_ms"), 0),
					number(m.get("first5s_rps"), 0), number(steady, 0),
					number(m.get("first5s_rps") / steady, 2),
					(reached >= 0) ? String.format(Locale.ROOT, "%.1f s", reached / 1000.0)
							: String.format(Locale.ROOT, "> %.1f s", curve.coveredMillis() / 1000.0)));
		}
		md.append('\n');
		warmupVerdict(md, delay);
	}

	/**
	 * What the opt-in startup warm-up buys: the warmed-up starter against the plain one,
	 * over the first 5 s after the context is ready, and what it costs at startup.
	 */
	private void warmupVerdict(StringBuilder md, int delay) {
		Optional<Median> plain = median("starter-h2c", delay).filter((m) -> m.roundsOk() > 0);
		Optional<Median> warmed = median("starter-h2c-warmup", delay).filter((m) -> m.roundsOk() > 0);
		if (plain.isEmpty() || warmed.isEmpty()) {
			return;
		}
		Median p = plain.get();
		Median w = warmed.get();
		md.append(String.format(Locale.ROOT,
				"Startup warm-up (`prewarm.destinations[0].warmup-requests`, %s): in its first 5 s the warmed-up "
						+ "starter served %.0f req/s against %.0f without (%.2fx), %.2f of its steady rate against "
						+ "%.2f; its startup took %.0f ms against %.0f.%n%n",
				w.client().label(), w.get("first5s_rps"), p.get("first5s_rps"), w.get("first5s_rps") / p.get("first5s_rps"),
				w.get("first5s_rps") / w.get("rps"), p.get("first5s_rps") / p.get("rps"), w.get("startup_ms"),
				p.get("startup_ms")));
	}

	private static String label(Median m) {
		return (m.client().group() == ClientSpec.Group.STARTER) ? "**" + m.client().label() + "**" : m.client().label();
	}

	private static String number(double value, int decimals) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "";
		}
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	private boolean virtualCallers() {
		return "virtual".equals(this.settings.callers());
	}

	private void targetsSection(StringBuilder md) {
		md.append("## Targets (ratios within this run)\n\n");
		md.append("Starter h2c through `RestClient` against the other client, from this run's medians. Callers: ")
			.append(virtualCallers() ? "virtual" : "platform")
			.append(" threads; a target set for the other kind of caller is shown for information (\"info\").\n\n");
		md.append("| target |");
		for (int delay : this.settings.delays()) {
			md.append(' ').append(delay).append(" ms |");
		}
		md.append("\n|---|");
		md.append("---|".repeat(this.settings.delays().size()));
		md.append('\n');
		Optional<ClientSpec> ours = ClientSpec.find("starter-h2c").filter(this.settings.clients()::contains);
		if (ours.isEmpty()) {
			md.append("| (starter-h2c not run) |").append(" |".repeat(this.settings.delays().size())).append("\n\n");
			return;
		}
		targetRow(md, "cold dials, starter h2c = 1 (HTTP/1.1 pools: fewest)", (delay) -> {
			Median m = median("starter-h2c", delay).orElseThrow();
			Optional<Median> http1 = this.medians.values()
				.stream()
				.map((byDelay) -> byDelay.get(delay))
				.filter((other) -> other.roundsOk() > 0 && other.client().protocol().equals("http/1.1"))
				.min(Comparator.comparingDouble((other) -> other.get("cold_dials")));
			return verdict(m.get("cold_dials") == 1, String.format(Locale.ROOT, "%.0f vs %s", m.get("cold_dials"),
					http1.map((h) -> String.format(Locale.ROOT, "%.0f (%s)", h.get("cold_dials"), h.client().label()))
						.orElse("n/a")));
		});
		targetRow(md, "virtual threads: req/s >= 1.0x Apache HC5 async h2c", (delay) -> applies(virtualCallers(),
				ratio(delay, median("apache-h2c", delay), "rps", 1.0, true)));
		targetRow(md, "platform threads: req/s >= 0.8x raw async Jetty h2c", (delay) -> applies(!virtualCallers(),
				ratio(delay, median("jetty-h2c-async", delay), "rps", 0.8, true)));
		targetRow(md, "platform threads: req/s >= 1.0x every other RestClient factory (the closest)",
				(delay) -> applies(!virtualCallers(),
						ratio(delay, closestRestClient(delay, "rps", true), "rps", 1.0, true)));
		targetRow(md, "platform threads: p99 <= every other RestClient factory's (the closest)",
				(delay) -> applies(!virtualCallers(),
						ratio(delay, closestRestClient(delay, "p99_ms", false), "p99_ms", 1.0, false)));
		targetRow(md, "CPU µs per request <= 1.3x Apache HC5 async h2c's",
				(delay) -> ratio(delay, median("apache-h2c", delay), "cpu_us_per_req", 1.3, false));
		targetRow(md, "req/s >= 10x Boot's default RestClient",
				(delay) -> ratio(delay, median("boot-default", delay), "rps", 10.0, true));
		targetRow(md, "req/s >= 0.95x raw Jetty h2c, same settings, blocking",
				(delay) -> ratio(delay, median("jetty-h2c", delay), "rps", 0.95, true));
		if (virtualCallers()) {
			targetRow(md, "no pinned virtual threads (JFR jdk.VirtualThreadPinned) in the measured phase", (delay) -> {
				Median m = median("starter-h2c", delay).orElseThrow();
				double pinned = m.get("pinned_events");
				return Double.isNaN(pinned) ? "n/a" : verdict(pinned == 0, String.format(Locale.ROOT, "%.0f", pinned));
			});
		}
		md.append("\nA verdict needs both clients to have run; \"the closest\" is the other RestClient factory "
				+ "(Boot's) nearest to or ahead of ours.\n\n");
		md.append("Clients ahead of starter h2c in this run:\n\n");
		for (int delay : this.settings.delays()) {
			Median starter = median("starter-h2c", delay).orElseThrow();
			if (starter.roundsOk() == 0) {
				continue;
			}
			List<String> faster = new java.util.ArrayList<>();
			List<String> tighter = new java.util.ArrayList<>();
			for (Map<Integer, Median> byDelay : this.medians.values()) {
				Median other = byDelay.get(delay);
				if (other == starter || other.roundsOk() == 0) {
					continue;
				}
				if (other.get("rps") > starter.get("rps")) {
					faster.add(String.format(Locale.ROOT, "%s %.2fx", other.client().label(),
							other.get("rps") / starter.get("rps")));
				}
				if (other.get("p99_ms") < starter.get("p99_ms")) {
					tighter.add(String.format(Locale.ROOT, "%s %.1f ms", other.client().label(), other.get("p99_ms")));
				}
			}
			md.append("- ").append(delay).append(" ms: more req/s: ")
				.append(faster.isEmpty() ? "none" : String.join(", ", faster))
				.append("; lower p99 than ")
				.append(String.format(Locale.ROOT, "%.1f ms", starter.get("p99_ms")))
				.append(": ")
				.append(tighter.isEmpty() ? "none" : String.join(", ", tighter))
				.append('\n');
		}
		md.append('\n');
	}

	/**
	 * The other {@code RestClient} factory (Boot's, without the starter) closest to ours
	 * on a figure: the best of them.
	 */
	private Optional<Median> closestRestClient(int delay, String figure, boolean higherIsBetter) {
		Comparator<Median> order = Comparator.comparingDouble((m) -> m.get(figure));
		return this.medians.values()
			.stream()
			.map((byDelay) -> byDelay.get(delay))
			.filter((m) -> m.roundsOk() > 0 && m.client().group() == ClientSpec.Group.BOOT)
			.max(higherIsBetter ? order : order.reversed());
	}

	private static String applies(boolean applies, String cell) {
		if (applies || cell.equals("n/a")) {
			return cell;
		}
		return "info: " + cell.substring(cell.indexOf(": ") + 2);
	}

	private String ratio(int delay, Optional<Median> other, String figure, double bound, boolean higherIsBetter) {
		Median m = median("starter-h2c", delay).orElseThrow();
		if (other.isEmpty() || m.roundsOk() == 0) {
			return "n/a";
		}
		double ratio = m.get(figure) / other.get().get(figure);
		boolean met = higherIsBetter ? ratio >= bound : ratio <= bound;
		return verdict(met, String.format(Locale.ROOT, "%.2fx %s (%s)", ratio, other.get().client().label(),
				format1(other.get().get(figure))));
	}

	private static String format1(double value) {
		return (value >= 100) ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
	}

	private static String verdict(boolean met, String detail) {
		return (met ? "met: " : "**missed**: ") + detail;
	}

	private void targetRow(StringBuilder md, String name, java.util.function.IntFunction<String> cell) {
		md.append("| ").append(name).append(" |");
		for (int delay : this.settings.delays()) {
			md.append(' ').append(cell.apply(delay)).append(" |");
		}
		md.append('\n');
	}

	/**
	 * Medians over the successful rounds of one client at one delay.
	 */
	static final class Median {

		private final ClientSpec client;

		private final int delay;

		private final List<RunResult> ok;

		private final Map<String, Double> values = new LinkedHashMap<>();

		Median(ClientSpec client, int delay, List<RunResult> runs) {
			this.client = client;
			this.delay = delay;
			this.ok = runs.stream().filter((run) -> !run.failed()).toList();
			for (String figure : FIGURES) {
				put(figure, (run) -> run.number(figure));
			}
			PER_REQUEST.forEach(this::put);
		}

		private void put(String figure, java.util.function.ToDoubleFunction<RunResult> value) {
			double[] sorted = this.ok.stream()
				.mapToDouble(value)
				.filter((v) -> !Double.isNaN(v) && !Double.isInfinite(v))
				.sorted()
				.toArray();
			this.values.put(figure, median(sorted));
		}

		/** The client's throughput from its start, as it reported when ready. */
		WarmupCurve warmupCurve() {
			return this.ok.stream()
				.map((run) -> run.values().get("warmup_curve"))
				.filter((curve) -> curve != null && !curve.isEmpty())
				.findFirst()
				.map(WarmupCurve::parse)
				.orElse(new WarmupCurve(List.of()));
		}

		private static double median(double[] sorted) {
			if (sorted.length == 0) {
				return Double.NaN;
			}
			int middle = sorted.length / 2;
			return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
		}

		ClientSpec client() {
			return this.client;
		}

		int delay() {
			return this.delay;
		}

		int roundsOk() {
			return this.ok.size();
		}

		double get(String figure) {
			return this.values.getOrDefault(figure, Double.NaN);
		}

		long errorsTotal() {
			return this.ok.stream()
				.mapToLong((run) -> (long) (nanToZero(run.number("errors")) + nanToZero(run.number("cold_errors"))))
				.sum();
		}

		private static double nanToZero(double value) {
			return Double.isNaN(value) ? 0 : value;
		}

		String protocolSeen() {
			double http1 = this.ok.stream().mapToDouble((run) -> nanToZero(run.number("http1_requests"))).sum();
			double http2 = this.ok.stream().mapToDouble((run) -> nanToZero(run.number("http2_requests"))).sum();
			if (http1 > 0 && http2 > 0) {
				return "mixed";
			}
			return (http2 > 0) ? "h2c" : (http1 > 0) ? "HTTP/1.1" : "-";
		}

	}

}
