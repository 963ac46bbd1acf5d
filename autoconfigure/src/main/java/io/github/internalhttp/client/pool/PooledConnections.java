package io.github.internalhttp.client.pool;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.client.Connection;
import org.jspecify.annotations.Nullable;

/**
 * The open connections of one pool, from the moment Jetty reports them created (before
 * they can be acquired) until they leave the pool.
 */
final class PooledConnections {

	/** The connections, by Jetty's connection. */
	private final ConcurrentMap<Connection, TrackedConnection> connections = new ConcurrentHashMap<>();

	/** The order given to the next connection opened. */
	private final AtomicLong nextOrder = new AtomicLong();

	/**
	 * Track a connection just opened.
	 * @param connection the connection
	 * @param retireAt when it retires for age
	 * @param stats where its GOAWAYs are counted
	 * @return what the pool knows of it
	 */
	TrackedConnection add(Connection connection, long retireAt, DestinationStats stats) {
		TrackedConnection tracked = new TrackedConnection(connection, this.nextOrder.getAndIncrement(), retireAt,
				stats);
		this.connections.put(connection, tracked);
		return tracked;
	}

	@Nullable TrackedConnection get(Connection connection) {
		return this.connections.get(connection);
	}

	/**
	 * Forget a connection that left the pool.
	 * @param connection the connection
	 * @return whether it was tracked
	 */
	boolean remove(Connection connection) {
		return this.connections.remove(connection) != null;
	}

	/**
	 * The connections, as a live view to iterate.
	 * @return the connections now in the pool
	 */
	Collection<TrackedConnection> view() {
		return Collections.unmodifiableCollection(this.connections.values());
	}

	/**
	 * The connections, as a copy.
	 * @return the connections now in the pool
	 */
	List<TrackedConnection> copy() {
		return List.copyOf(this.connections.values());
	}

	/**
	 * The most recently opened connection that is still open.
	 * @return the connection, or {@code null} if none is open
	 */
	@Nullable TrackedConnection newest() {
		TrackedConnection newest = null;
		for (TrackedConnection tracked : this.connections.values()) {
			if (!tracked.connection().isClosed()
					&& (newest == null || tracked.openedOrder() > newest.openedOrder())) {
				newest = tracked;
			}
		}
		return newest;
	}

}
