package io.github.internalhttp.client.pool;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.client.transport.internal.HttpConnectionOverHTTP2;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.IO;
import org.jspecify.annotations.Nullable;

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
 * <p>
 * Connections retire as the client's {@link ConnectionLifecycle} says: past its maximum
 * age a connection takes no new request, leaves the pool, and closes when its last
 * in-flight request completes, so that long-lived connections rebalance across the
 * backends behind a load balancer without failing a request.
 */
public class StreamAwareConnectionPool extends MultiplexConnectionPool {

	private static final int UNKNOWN = 0;

	private final boolean mayMultiplex;

	private final int maxStreamsCap;

	private final int unknownCapacity;

	private final ConcurrentMap<Connection, TrackedConnection> connections = new ConcurrentHashMap<>();

	private final DestinationStats stats;

	private final ConnectionLifecycle lifecycle;

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
		this.lifecycle = ConnectionLifecycle.of(destination.getHttpClient());
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
	 * <p>
	 * For HTTP/2, nothing is opened while a connection just opened has not served a
	 * request yet: Jetty counts it as no longer pending a moment before it makes it
	 * available, and a request looking in between would dial a connection nobody needs.
	 * The new connection serves the queue as soon as it is available. (An HTTP/1.1
	 * connection serves one request, so there the queue decides alone.)
	 */
	@Override
	protected void tryCreate(boolean create) {
		if (this.learnedMaxStreams > 1 && isConnectionBecomingAvailable()) {
			return;
		}
		int maxConnections = getMaxConnectionCount();
		for (int attempt = 0; attempt < maxConnections; attempt++) {
			int pendingBefore = getPendingConnectionCount();
			super.tryCreate(false);
			if (getPendingConnectionCount() <= pendingBefore) {
				return;
			}
		}
	}

	/**
	 * The next connection with a free slot, skipping retired ones (aged, over-used or
	 * going away): a retired connection leaves the pool and is closed now if idle, else by
	 * the release of its last request.
	 */
	@Override
	protected Connection activate() {
		while (true) {
			Connection connection = super.activate();
			if (connection == null) {
				return null;
			}
			TrackedConnection tracked = this.connections.get(connection);
			if (tracked != null) {
				tracked.activated();
			}
			if (!isRetired(connection)) {
				return connection;
			}
			// Jetty's own rule for its maxDuration: removing an entry in use only marks it,
			// and the remove that drops its last use reports that it can be closed.
			boolean canClose = remove(connection);
			if (canClose) {
				IO.close(connection);
			}
		}
	}

	/**
	 * Give a connection back after a request; a retired one gives up this use instead,
	 * and the caller closes it when that was its last.
	 */
	@Override
	public boolean release(Connection connection) {
		if (isRetired(connection)) {
			return !remove(connection);
		}
		return super.release(connection);
	}

	private boolean isConnectionBecomingAvailable() {
		for (TrackedConnection tracked : this.connections.values()) {
			if (!tracked.wasActivated() && !tracked.connection().isClosed()) {
				return true;
			}
		}
		return false;
	}

	private boolean isRetired(Connection connection) {
		TrackedConnection tracked = this.connections.get(connection);
		return tracked != null && (tracked.goingAway() || this.lifecycle.isRetired(tracked.retireAt()));
	}

	/**
	 * Remove a connection, except for the removal Jetty makes when a GOAWAY arrives: that
	 * one is not the end of a request, and counting it as one closes the connection under
	 * its last in-flight request. The GOAWAY retires the connection instead, so it takes
	 * no new request and closes when its last request is released.
	 */
	@Override
	public boolean remove(Connection connection) {
		TrackedConnection tracked = this.connections.get(connection);
		if (tracked != null && tracked.takeGoAwayRemoval()) {
			return false;
		}
		return super.remove(connection);
	}

	/**
	 * Count a request sent on a connection, and retire the connection once it has carried
	 * its maximum. Counted here rather than by Jetty's maximum usage, which counts every
	 * acquisition, including those that find no request left to send (a release and a new
	 * request racing for the queue), and so retired connections early.
	 * @param connection a connection of this pool
	 */
	void requestSent(Connection connection) {
		int max = this.lifecycle.maxRequestsPerConnection();
		if (max == 0) {
			return;
		}
		TrackedConnection tracked = this.connections.get(connection);
		if (tracked != null && tracked.requestSent() >= max) {
			tracked.retire();
		}
	}

	/**
	 * Retire a connection whose peer closed the session, so that the release of its last
	 * exchange closes it, rather than closing it under exchanges still being delivered.
	 * @param connection a connection of this pool
	 * @return whether the connection still carries exchanges and will be closed later;
	 * {@code false} when the caller should close it now
	 */
	boolean closeWhenReleased(Connection connection) {
		TrackedConnection tracked = this.connections.get(connection);
		if (tracked == null) {
			return false;
		}
		tracked.retire();
		return isActive(connection);
	}

	/**
	 * Take a connection out of the pool and close it, failing its in-flight requests:
	 * for a connection whose peer is gone.
	 * @param connection a connection of this pool
	 */
	void evict(Connection connection) {
		remove(connection);
		IO.close(connection);
		if (connection instanceof HttpConnectionOverHTTP2 http2
				&& http2.getSession() instanceof HTTP2Session session) {
			// Closing sends a GOAWAY and waits for the peer's, which a dead peer never sends.
			session.disconnect();
		}
	}

	@Override
	protected void onCreated(Connection connection) {
		this.connections.put(connection, new TrackedConnection(connection, this.lifecycle.retireAt(), this.stats));
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

	/**
	 * Forget a connection that left the pool. When the pool stops, Jetty also reports
	 * the entries of connections still being opened, which have no connection yet.
	 */
	@Override
	protected void onRemoved(@Nullable Connection connection) {
		if (connection != null && this.connections.remove(connection) != null) {
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
		for (Connection connection : this.connections.keySet()) {
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
		for (Connection connection : this.connections.keySet()) {
			return streamSlots(connection, this.maxStreamsCap);
		}
		return this.learnedMaxStreams;
	}

	public DestinationStats getStats() {
		return this.stats;
	}

	Collection<TrackedConnection> getTrackedConnections() {
		return List.copyOf(this.connections.values());
	}

}
