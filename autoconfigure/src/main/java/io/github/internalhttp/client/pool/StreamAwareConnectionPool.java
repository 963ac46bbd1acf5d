package io.github.internalhttp.client.pool;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.http2.client.transport.internal.HttpConnectionOverHTTP2;
import org.eclipse.jetty.util.ConcurrentPool;

/**
 * A connection pool that opens a new connection only when the connections it has, open
 * or being opened, have no free stream slot for the queued requests.
 * <p>
 * Jetty's {@link MultiplexConnectionPool} assumes a connection being opened carries one
 * request, so every request queued during a handshake dials a connection of its own: a
 * cold burst of 200 h2c requests opens 64 connections (jetty issue 2293). This pool
 * instead assumes a connection being opened to a destination that may speak HTTP/2 will
 * carry the whole burst, until the first connection tells what the destination speaks:
 * HTTP/2 with the server's stream limit, or HTTP/1.1 with one request per connection.
 * <p>
 * An HTTP/1.1 connection is never multiplexed: its slot count is always 1, whatever the
 * pool expects of connections still being opened.
 */
public class StreamAwareConnectionPool extends MultiplexConnectionPool {

	private static final int UNKNOWN = 0;

	private final boolean mayMultiplex;

	private final int maxStreamsCap;

	private final int unknownCapacity;

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final DestinationStats stats;

	private volatile int learnedMaxStreams = UNKNOWN;

	private volatile String protocol;

	/**
	 * Create a pool for a destination.
	 * @param destination the destination the pool serves
	 * @param maxConnections the most connections the pool may hold
	 * @param maxStreamsCap the client's cap on streams per HTTP/2 connection, 0 for none
	 * @param stats where connection events are counted
	 */
	public StreamAwareConnectionPool(Destination destination, int maxConnections, int maxStreamsCap,
			DestinationStats stats) {
		super(destination,
				() -> new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, maxConnections,
						(connection) -> streamSlots(connection, maxStreamsCap)),
				1);
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be at least 1 but was " + maxConnections);
		}
		if (maxStreamsCap < 0) {
			throw new IllegalArgumentException("maxStreamsCap must not be negative but was " + maxStreamsCap);
		}
		this.maxStreamsCap = maxStreamsCap;
		this.stats = stats;
		Origin.Protocol originProtocol = destination.getOrigin().getProtocol();
		List<String> protocols = (originProtocol != null) ? originProtocol.getProtocols() : List.of("http/1.1");
		this.mayMultiplex = protocols.contains("h2") || protocols.contains("h2c");
		this.protocol = initialProtocol(protocols, destination.getOrigin().isSecure());
		// Large enough that one connection being opened absorbs any burst, small enough that
		// "pending connections x capacity" cannot overflow an int.
		this.unknownCapacity = Integer.MAX_VALUE / maxConnections;
	}

	private static String initialProtocol(List<String> protocols, boolean secure) {
		if (protocols.size() == 1) {
			return switch (protocols.get(0)) {
				case "h2c" -> "h2c";
				case "h2" -> "h2";
				default -> "http1";
			};
		}
		return secure ? "unknown" : "http1";
	}

	/**
	 * How many requests a connection may carry at once: the server's stream limit capped
	 * by the client's for HTTP/2, one for HTTP/1.1.
	 */
	static int streamSlots(Connection connection, int maxStreamsCap) {
		if (connection instanceof ConnectionPool.MaxMultiplexable multiplexable) {
			int serverLimit = multiplexable.getMaxMultiplex();
			if (serverLimit <= 0) {
				// No SETTINGS_MAX_CONCURRENT_STREAMS: the server sets no limit.
				serverLimit = Integer.MAX_VALUE;
			}
			return (maxStreamsCap > 0) ? Math.min(serverLimit, maxStreamsCap) : serverLimit;
		}
		return 1;
	}

	/**
	 * The number of requests a connection being opened is expected to carry, which Jetty
	 * weighs against the queued requests before it opens another.
	 */
	@Override
	public int getInitialMaxMultiplex() {
		if (!this.mayMultiplex) {
			return 1;
		}
		int learned = this.learnedMaxStreams;
		if (learned == UNKNOWN) {
			return this.unknownCapacity;
		}
		return Math.min(learned, this.unknownCapacity);
	}

	/**
	 * Open as many connections as the queued requests need, and no more.
	 * <p>
	 * Jetty opens at most one connection per call, so requests queued while the first
	 * connection was opened would wait for a dial each after it told its stream limit;
	 * this opens them all at once. Jetty also counts the {@code create} hint as one more
	 * request on top of the queue, which already holds the caller's request: ignoring the
	 * hint keeps a burst of N HTTP/1.1 requests to N connections, not N + 1.
	 */
	@Override
	protected void tryCreate(boolean create) {
		int maxConnections = getMaxConnectionCount();
		for (int attempt = 0; attempt < maxConnections; attempt++) {
			int pendingBefore = getPendingConnectionCount();
			super.tryCreate(false);
			if (getPendingConnectionCount() <= pendingBefore) {
				return;
			}
		}
	}

	@Override
	protected void onCreated(Connection connection) {
		this.connections.add(connection);
		if (connection instanceof ConnectionPool.MaxMultiplexable) {
			this.learnedMaxStreams = streamSlots(connection, this.maxStreamsCap);
			if ("unknown".equals(this.protocol)) {
				this.protocol = "h2";
			}
		}
		else {
			this.learnedMaxStreams = 1;
			this.protocol = "http1";
		}
		this.stats.connectionOpened();
		super.onCreated(connection);
	}

	@Override
	protected void onRemoved(Connection connection) {
		if (this.connections.remove(connection)) {
			this.stats.connectionClosed();
		}
		super.onRemoved(connection);
	}

	/**
	 * The protocol the pool's connections speak: {@code http1}, {@code h2c}, {@code h2},
	 * or {@code unknown} until the first TLS handshake tells.
	 * @return the protocol name
	 */
	public String getProtocol() {
		return this.protocol;
	}

	/**
	 * Streams in flight over all HTTP/2 connections of the pool.
	 * @return the number of active streams, 0 for HTTP/1.1
	 */
	public int getActiveStreamCount() {
		int streams = 0;
		for (Connection connection : this.connections) {
			if (connection instanceof HttpConnectionOverHTTP2 http2) {
				streams += http2.getSession().getStreams().size();
			}
		}
		return streams;
	}

	/**
	 * Streams allowed per connection by the most recently opened connection.
	 * @return the limit in force, 1 for HTTP/1.1, 0 while unknown
	 */
	public int getMaxStreamCount() {
		for (Connection connection : this.connections) {
			return streamSlots(connection, this.maxStreamsCap);
		}
		return this.learnedMaxStreams;
	}

	public DestinationStats getStats() {
		return this.stats;
	}

	Collection<Connection> getConnections() {
		return List.copyOf(this.connections);
	}

}
