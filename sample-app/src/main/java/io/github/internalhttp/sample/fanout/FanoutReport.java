package io.github.internalhttp.sample.fanout;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * What a fan-out did and what it cost in connections.
 *
 * @param client the client used: {@code shared} or {@code http1}
 * @param protocol the protocol the client used to the backend: {@code h2c} or
 * {@code http1}
 * @param requests requests made, failed ones included
 * @param concurrency requests in flight at once
 * @param delayMs the backend's delay before each answer
 * @param errors requests that failed
 * @param timedOut whether the run's time limit stopped it before every request was made
 * @param seconds duration of the run
 * @param requestsPerSecond requests made per second
 * @param p50Ms median latency of the successful requests
 * @param p99Ms 99th percentile latency of the successful requests
 * @param backendConnectionsAccepted TCP connections the backend accepted during this
 * run: connections pooled by an earlier run are reused and not counted again
 * @param firstError description of the first failure, if any
 * @param pool the client's pool for the backend after the run; its counters add up
 * every run since the application started
 */
@JsonPropertyOrder({ "client", "protocol", "requests", "concurrency", "delayMs", "errors", "timedOut", "seconds",
		"requestsPerSecond", "p50Ms", "p99Ms", "backendConnectionsAccepted", "firstError", "pool" })
public record FanoutReport(String client, String protocol, int requests, int concurrency, long delayMs, int errors,
		boolean timedOut, double seconds, double requestsPerSecond, double p50Ms, double p99Ms,
		long backendConnectionsAccepted, @Nullable String firstError, @Nullable PoolReport pool) {

}
