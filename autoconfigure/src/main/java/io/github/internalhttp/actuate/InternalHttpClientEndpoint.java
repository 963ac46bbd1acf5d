package io.github.internalhttp.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.internalhttp.client.AddressSnapshot;
import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.DurationSummary;
import io.github.internalhttp.client.PoolTimer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows the configuration of the shared
 * {@link InternalHttpClient} and the state of each of its destinations, ordered by
 * destination then protocol.
 * <p>
 * One destination is selected by {@code host:port}, which fits in a URL path
 * ({@code /actuator/internalhttp/127.0.0.1:8080}; an IPv6 host keeps its brackets,
 * URL-encoded: {@code %5B::1%5D:8080}); it selects every scheme and protocol of that host
 * and port. The endpoint shows counts and limits only: never header values, credentials,
 * paths or bodies.
 */
@Endpoint(id = "internalhttp")
public class InternalHttpClientEndpoint {

	private final InternalHttpClient client;

	private final Supplier<Map<String, InternalHttpClient>> otherClients;

	public InternalHttpClientEndpoint(InternalHttpClient client) {
		this(client, Map::of);
	}

	/**
	 * An endpoint over the default client and the other shared clients of the
	 * application, one per TLS identity.
	 * @param client the default client
	 * @param otherClients the other shared clients by name, read on every request
	 */
	public InternalHttpClientEndpoint(InternalHttpClient client,
			Supplier<Map<String, InternalHttpClient>> otherClients) {
		this.client = client;
		this.otherClients = otherClients;
	}

	@ReadOperation
	public InternalHttpClientDescriptor internalHttpClient() {
		Map<String, ClientDescriptor> clients = new LinkedHashMap<>();
		this.otherClients.get().forEach((name, other) -> clients.put(name, ClientDescriptor.of(other)));
		return new InternalHttpClientDescriptor(this.client.isRunning(),
				SettingsDescriptor.describe(this.client.getSettings()),
				this.client.destinations().stream().map(DestinationDescriptor::of).toList(), clients);
	}

	/**
	 * The destinations at one host and port.
	 * @param hostAndPort {@code host:port}, such as {@code 127.0.0.1:8080}
	 * @return the destinations at that host and port, or {@code null} (404) if there are
	 * none
	 */
	@ReadOperation
	public @Nullable DestinationsDescriptor destination(@Selector String hostAndPort) {
		DestinationId selected = DestinationId.parse("http", hostAndPort);
		if (selected == null) {
			return null;
		}
		List<DestinationDescriptor> destinations = this.client.destinations()
			.stream()
			.filter((snapshot) -> snapshot.destination().hostAndPort().equals(selected.hostAndPort()))
			.map(DestinationDescriptor::of)
			.toList();
		return destinations.isEmpty() ? null : new DestinationsDescriptor(destinations);
	}

	/**
	 * The client: whether it runs, its configuration and its destinations.
	 *
	 * @param running whether the client runs
	 * @param configuration every setting in force, named as its record component:
	 * durations in ISO-8601, sizes in bytes, modes in lower case; TLS only as whether
	 * it is configured
	 * @param destinations every destination, by destination then protocol
	 * @param clients the other shared clients, one per TLS identity (SSL bundle), by name
	 */
	public record InternalHttpClientDescriptor(boolean running, Map<String, @Nullable Object> configuration,
			List<DestinationDescriptor> destinations, Map<String, ClientDescriptor> clients)
			implements OperationResponseBody {

	}

	/**
	 * Another shared client: whether it runs, its configuration and its destinations.
	 *
	 * @param running whether the client runs
	 * @param configuration every setting in force, as for the default client
	 * @param destinations every destination, by destination then protocol
	 */
	public record ClientDescriptor(boolean running, Map<String, @Nullable Object> configuration,
			List<DestinationDescriptor> destinations) {

		static ClientDescriptor of(InternalHttpClient client) {
			return new ClientDescriptor(client.isRunning(), SettingsDescriptor.describe(client.getSettings()),
					client.destinations().stream().map(DestinationDescriptor::of).toList());
		}

	}

	/**
	 * Destinations selected by host and port.
	 *
	 * @param destinations the selected destinations, by destination then protocol
	 */
	public record DestinationsDescriptor(List<DestinationDescriptor> destinations) implements OperationResponseBody {

	}

	/**
	 * One destination's pool.
	 *
	 * @param destination {@code scheme://host:port}
	 * @param protocol {@code http1}, {@code h2c}, {@code h2}, or {@code unknown} while a
	 * TLS destination is still negotiating
	 * @param connections its connections
	 * @param streams its HTTP/2 streams
	 * @param requests its waiting requests
	 * @param goAways GOAWAY frames received
	 * @param retries requests sent again, by reason
	 * @param protocolFallbacks downgrades to HTTP/1.1
	 * @param lastFailure the most recent connection failure, or {@code null}
	 * @param goAwaysByCode GOAWAY frames received, by HTTP/2 error code
	 * @param goAwaysSentByCode GOAWAY frames with an error code that the client sent, by
	 * HTTP/2 error code
	 * @param timers the recent durations of each timer, keyed as the timer's name after
	 * {@code internal.http.client.}: {@code requests.wait}, {@code connections.connect},
	 * {@code connections.tls.handshake}, {@code connections.lifetime}
	 * @param addresses the addresses it has connections to or its host name lists, by
	 * address
	 */
	public record DestinationDescriptor(String destination, String protocol, ConnectionsDescriptor connections,
			StreamsDescriptor streams, RequestsDescriptor requests, long goAways, Map<String, Long> retries,
			long protocolFallbacks, @Nullable FailureDescriptor lastFailure, Map<String, Long> goAwaysByCode,
			Map<String, Long> goAwaysSentByCode, Map<String, TimerDescriptor> timers,
			List<AddressDescriptor> addresses) {

		static DestinationDescriptor of(DestinationSnapshot snapshot) {
			return new DestinationDescriptor(snapshot.destination().toString(), snapshot.protocol().tag(),
					new ConnectionsDescriptor(snapshot.activeConnections(), snapshot.idleConnections(),
							snapshot.pendingConnections(), snapshot.maxConnections(), snapshot.connectionsOpened(),
							snapshot.connectionsClosed(), snapshot.connectFailures(),
							new TreeMap<>(snapshot.connectFailuresByCause())),
					new StreamsDescriptor(snapshot.activeStreams(), snapshot.maxStreams(),
							new TreeMap<>(snapshot.streamResets())),
					new RequestsDescriptor(snapshot.queuedRequests(), snapshot.maxQueuedRequests()),
					snapshot.goAways(), new TreeMap<>(snapshot.retries()), snapshot.protocolFallbacks(),
					(snapshot.lastFailure() != null) ? new FailureDescriptor(snapshot.lastFailure(),
							(snapshot.lastFailureTime() != null) ? snapshot.lastFailureTime().toString() : null)
							: null,
					new TreeMap<>(snapshot.goAwaysByCode()), new TreeMap<>(snapshot.goAwaysSentByCode()),
					timers(snapshot.durations()),
					snapshot.addresses().stream().map(AddressDescriptor::of).toList());
		}

		private static Map<String, TimerDescriptor> timers(Map<PoolTimer, DurationSummary> durations) {
			Map<String, TimerDescriptor> timers = new LinkedHashMap<>();
			for (PoolTimer timer : PoolTimer.values()) {
				timers.put(timer.suffix(), TimerDescriptor.of(durations.getOrDefault(timer, DurationSummary.EMPTY)));
			}
			return timers;
		}

	}

	/**
	 * A destination's connections.
	 *
	 * @param active connections carrying requests
	 * @param idle open connections carrying none
	 * @param pending connections being opened
	 * @param max connection limit
	 * @param opened connections opened (dials)
	 * @param closed connections closed
	 * @param failed attempts to open a connection that failed
	 * @param failures those attempts by cause: {@code refused}, {@code timeout},
	 * {@code tls}, {@code dns} or {@code other}
	 */
	public record ConnectionsDescriptor(int active, int idle, int pending, int max, long opened, long closed,
			long failed, Map<String, Long> failures) {

	}

	/**
	 * A destination's HTTP/2 streams.
	 *
	 * @param active streams in flight over all its connections
	 * @param max streams allowed per connection: the server's limit capped by the
	 * client's, 1 for HTTP/1.1, 0 while unknown
	 * @param resets RST_STREAM frames received, by HTTP/2 error code
	 */
	public record StreamsDescriptor(int active, int max, Map<String, Long> resets) {

	}

	/**
	 * A destination's waiting requests.
	 *
	 * @param queued requests waiting for a connection or a stream
	 * @param maxQueued queue limit
	 */
	public record RequestsDescriptor(int queued, int maxQueued) {

	}

	/**
	 * Recent durations of one timer: those of the last one to two minutes, in
	 * milliseconds. A percentile is the upper bound of its histogram bucket, at most
	 * 12.5% above the true value and never above the maximum.
	 *
	 * @param count durations recorded in the window
	 * @param p50Ms the median
	 * @param p90Ms the 90th percentile
	 * @param p99Ms the 99th percentile
	 * @param maxMs the longest
	 */
	public record TimerDescriptor(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

		static TimerDescriptor of(DurationSummary summary) {
			return new TimerDescriptor(summary.count(), millis(summary.p50()), millis(summary.p90()),
					millis(summary.p99()), millis(summary.max()));
		}

		private static double millis(Duration duration) {
			// Microsecond precision is plenty for an operator and keeps the JSON short.
			return Math.round(duration.toNanos() / 1_000.0) / 1_000.0;
		}

	}

	/**
	 * One address of a destination.
	 *
	 * @param address {@code ip:port}
	 * @param listed whether the host name lists it now; connections to an address no
	 * longer listed drain
	 * @param connections open connections to it
	 * @param streams HTTP/2 streams in flight to it
	 * @param failed dials to it that failed
	 * @param down whether its last dial failed
	 * @param lastFailure its most recent failed dial, or {@code null}
	 */
	public record AddressDescriptor(String address, boolean listed, int connections, int streams, long failed,
			boolean down, @Nullable FailureDescriptor lastFailure) {

		static AddressDescriptor of(AddressSnapshot snapshot) {
			return new AddressDescriptor(snapshot.address(), snapshot.listed(), snapshot.connections(),
					snapshot.activeStreams(), snapshot.connectFailures(), snapshot.down(),
					(snapshot.lastFailure() != null) ? new FailureDescriptor(snapshot.lastFailure(),
							(snapshot.lastFailureTime() != null) ? snapshot.lastFailureTime().toString() : null)
							: null);
		}

	}

	/**
	 * A connection failure.
	 *
	 * @param message exception type and message
	 * @param time when it happened, ISO-8601
	 */
	public record FailureDescriptor(String message, @Nullable String time) {

	}

}
