package io.github.internalhttp.benchmarks;

import java.util.Map;

/**
 * What one client JVM reported for one delay and round, plus what the driver observed
 * around it.
 *
 * @param client the client
 * @param delay the modeled server delay, in ms
 * @param round the round, from 1
 * @param values the reported figures by name
 */
record RunResult(ClientSpec client, int delay, int round, Map<String, String> values) {

	boolean failed() {
		return this.values.containsKey("failed");
	}

	double number(String name) {
		String value = this.values.get(name);
		if (value == null || value.isEmpty()) {
			return Double.NaN;
		}
		try {
			return Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	String progressLine() {
		if (failed()) {
			return String.format("round %d  %3d ms  %-22s FAILED: %s", this.round, this.delay, this.client.id(),
					this.values.get("failed"));
		}
		return String.format(
				"round %d  %3d ms  %-22s %9.0f req/s  p50 %7.2f  p99 %8.2f ms  errors %s  dials %s (cold %s)  cpu %ss  rss %s MB  other load %s%%  [%ss]",
				this.round, this.delay, this.client.id(), number("rps"), number("p50_ms"), number("p99_ms"),
				this.values.get("errors"), this.values.get("dials"), this.values.get("cold_dials"),
				this.values.get("cpu_s"), this.values.get("rss_peak_mb"), this.values.get("other_cpu_pct"),
				this.values.get("wall_s"));
	}

}
