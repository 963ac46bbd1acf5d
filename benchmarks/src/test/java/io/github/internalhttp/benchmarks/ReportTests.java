package io.github.internalhttp.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report from known runs: per-request costs, the warm-up table and each target's
 * verdict from the run's own figures.
 */
class ReportTests {

	private static final String CLIENTS = "starter-h2c,jetty-h2c-async,apache-h2c,boot-apache-pooled,boot-default";

	@TempDir
	Path out;

	@Test
	void whenPlatformThreadsCallThenTheirTargetsHaveVerdictsAndTheVirtualOnesAreForInformation() throws Exception {
		String md = report("platform");
		assertThat(md).contains("| platform threads: req/s >= 0.8x raw async Jetty h2c | met: 0.83x Jetty h2c, raw, async")
			.contains("| platform threads: req/s >= 1.0x every other RestClient factory (the closest) | **missed**: "
					+ "0.91x Boot RestClient, factory=http-components, pool of 200")
			.contains("| virtual threads: req/s >= 1.0x Apache HC5 async h2c | info: 0.50x")
			.contains("| req/s >= 10x Boot's default RestClient | met: 20.00x")
			.contains("| CPU µs per request <= 1.3x Apache HC5 async h2c's | **missed**: 2.00x")
			.doesNotContain("no pinned virtual threads");
	}

	@Test
	void whenVirtualThreadsCallThenPinnedCarriersAreATarget() throws Exception {
		String md = report("virtual");
		assertThat(md).contains("| virtual threads: req/s >= 1.0x Apache HC5 async h2c | **missed**: 0.50x")
			.contains("| platform threads: req/s >= 0.8x raw async Jetty h2c | info: 0.83x")
			.contains("| no pinned virtual threads (JFR jdk.VirtualThreadPinned) in the measured phase | met: 0 |");
	}

	@Test
	void whenRunsAreReportedThenCostsPerRequestAndTheWarmupAreDerivedFromTheirFigures() throws Exception {
		String md = report("platform");
		// starter: 2 s of CPU, 200 MB allocated, 150,000 + 50,000 switches, 300,000 futex calls for 100,000 requests.
		assertThat(md).contains("| **starter h2c (RestClient)** | 20.0 | 2.05 | 2.00 | 0.50 | 3.00 | 5 | 5.0 | 0 |");
		// Its slices ran at 2,000, 8,000 and 9,500 req/s against a steady 10,000.
		assertThat(md).contains("| **starter h2c (RestClient)** | 900 | 1 | 120 | 5,000 | 10,000 | 0.50 | 5.5 s |");
		assertThat(Files.readString(this.out.resolve("results.csv"))).contains("cpu_us_per_req");
	}

	private String report(String callers) throws Exception {
		Benchmark.Settings parsed = Benchmark.Settings
			.from(Map.of("clients", CLIENTS, "delays", "0", "rounds", "1", "out", this.out.toString()));
		// As a run on Java 21+ with --callers virtual has them, whatever this JVM is.
		Benchmark.Settings settings = new Benchmark.Settings(parsed.rounds(), parsed.delays(), parsed.clients(),
				parsed.concurrency(), parsed.requests(), parsed.maxMillis(), parsed.warmupRequests(),
				parsed.warmupMillis(), parsed.out(), parsed.work(), parsed.jfr(), parsed.clientJvmArgs(),
				parsed.classpath(), parsed.commandLine(), callers, parsed.profile(), parsed.profileEvents(),
				parsed.perf());
		List<RunResult> runs = new ArrayList<>();
		runs.add(run(settings, "starter-h2c", 10_000, 12.0, 2.0));
		runs.add(run(settings, "jetty-h2c-async", 12_000, 8.0, 1.5));
		runs.add(run(settings, "apache-h2c", 20_000, 6.0, 1.0));
		runs.add(run(settings, "boot-apache-pooled", 11_000, 11.0, 2.5));
		runs.add(run(settings, "boot-default", 500, 150.0, 9.0));
		new Report(settings, Machine.describe(), runs, Duration.ofSeconds(90)).write();
		return Files.readString(this.out.resolve("results.md"));
	}

	private static RunResult run(Benchmark.Settings settings, String id, double rps, double p99, double cpuSeconds) {
		ClientSpec client = settings.clients().stream().filter((spec) -> spec.id().equals(id)).findFirst().orElseThrow();
		Map<String, String> values = new LinkedHashMap<>();
		values.put("impl", "x");
		values.put("startup_ms", "900");
		values.put("cold_dials", "1");
		values.put("cold_ms", "120");
		values.put("first5s_rps", "5000");
		values.put("warmup_curve", "0-1000:2000,1000-5000:32000,5000-5500:4750");
		values.put("rps", Double.toString(rps));
		values.put("p99_ms", Double.toString(p99));
		values.put("requests", "100000");
		values.put("errors", "0");
		values.put("cpu_s", Double.toString(cpuSeconds));
		values.put("server_cpu_s", "0.5");
		values.put("alloc_mb", "200");
		values.put("ctx_voluntary", "150000");
		values.put("ctx_involuntary", "50000");
		values.put("futex_calls", "300000");
		values.put("gc_ms", "5");
		values.put("pinned_events", "0");
		values.put("http2_requests", "100000");
		return new RunResult(client, 0, 1, values);
	}

}
