package io.github.internalhttp.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A point-in-time view of one destination's pool: what a metric, a health check or an
 * endpoint shows an operator.
 *
 * @param destination the destination, named {@code scheme://host:port}, never with user
 * info or path
 * @param protocol the protocol its connections speak, {@link WireProtocol#UNKNOWN} while
 * the first TLS handshake of a destination is still negotiating
 * @param activeConnections connections carrying at least one request
 * @param idleConnections open connections carrying no request
 * @param pendingConnections connections being opened
 * @param maxConnections configured connection limit
 * @param activeStreams HTTP/2 streams in flight over all connections (0 for HTTP/1.1)
 * @param maxStreams streams allowed on the most recently opened connection: the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS capped by the client's limit (1 for HTTP/1.1, 0 while
 * unknown)
 * @param queuedRequests requests waiting for a connection or a stream
 * @param maxQueuedRequests configured queue limit
 * @param connectionsOpened connections opened successfully since the destination was
 * created
 * @param connectionsClosed connections closed since the destination was created
 * @param connectFailures attempts to open a connection that failed
 * @param goAways GOAWAY frames received from the server
 * @param retries requests sent again, by reason
 * @param streamResets RST_STREAM frames received, by HTTP/2 error code name
 * @param protocolFallbacks times the destination was downgraded to HTTP/1.1
 * @param lastFailure message of the most recent connection failure, if any
 * @param lastFailureTime when the most recent connection failure happened, if any
 * @param goAwaysByCode GOAWAY frames received, by HTTP/2 error code name
 * @param connectFailuresByCause attempts to open a connection that failed, by cause:
 * {@code refused}, {@code timeout}, {@code tls}, {@code dns} or {@code other}
 * @param durations the recent durations of each {@link PoolTimer}
 * @param addresses the addresses the destination has connections to or its host name
 * lists, by address
 * @param goAwaysSentByCode GOAWAY frames with an error code that the client sent, ending
 * a connection whose server broke the protocol (such as response headers over the
 * announced limit), by HTTP/2 error code name
 */
public record DestinationSnapshot(DestinationId destination, WireProtocol protocol, int activeConnections, int idleConnections,
		int pendingConnections, int maxConnections, int activeStreams, int maxStreams, int queuedRequests,
		int maxQueuedRequests, long connectionsOpened, long connectionsClosed, long connectFailures,
		long goAways, Map<String, Long> retries, Map<String, Long> streamResets, long protocolFallbacks, @Nullable String lastFailure, @Nullable Instant lastFailureTime,
		Map<String, Long> goAwaysByCode, Map<String, Long> connectFailuresByCause,
		Map<PoolTimer, DurationSummary> durations, List<AddressSnapshot> addresses,
		Map<String, Long> goAwaysSentByCode) {

	public DestinationSnapshot {
		addresses = List.copyOf(addresses);
		goAwaysSentByCode = Map.copyOf(goAwaysSentByCode);
	}

	/**
	 * A snapshot of a destination whose client sent no GOAWAY with an error code.
	 */
	public DestinationSnapshot(DestinationId destination, WireProtocol protocol, int activeConnections,
			int idleConnections, int pendingConnections, int maxConnections, int activeStreams, int maxStreams,
			int queuedRequests, int maxQueuedRequests, long connectionsOpened, long connectionsClosed,
			long connectFailures, long goAways, Map<String, Long> retries, Map<String, Long> streamResets,
			long protocolFallbacks, @Nullable String lastFailure, @Nullable Instant lastFailureTime,
			Map<String, Long> goAwaysByCode, Map<String, Long> connectFailuresByCause,
			Map<PoolTimer, DurationSummary> durations, List<AddressSnapshot> addresses) {
		this(destination, protocol, activeConnections, idleConnections, pendingConnections, maxConnections,
				activeStreams, maxStreams, queuedRequests, maxQueuedRequests, connectionsOpened, connectionsClosed,
				connectFailures, goAways, retries, streamResets, protocolFallbacks, lastFailure, lastFailureTime,
				goAwaysByCode, connectFailuresByCause, durations, addresses, Map.of());
	}

}
