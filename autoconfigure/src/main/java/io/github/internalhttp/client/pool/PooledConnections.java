package io.github.internalhttp.client.pool;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.github.internalhttp.client.jettyinternals.Http2Sessions;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * The open connections of one pool, from the moment Jetty reports them created (before
 * they can be acquired) until they leave the pool, and what their stream slots add up
 * to.
 */
final class PooledConnections {

	/** The requests each connection may carry at once. */
	private final StreamSlots slots;

	/** The connections, by Jetty's connection. */
	private final ConcurrentMap<Connection, TrackedConnection> connections = new ConcurrentHashMap<>();

	/** The order given to the next connection opened. */
	private final AtomicLong nextOrder = new AtomicLong();

	PooledConnections(StreamSlots slots) {
		this.slots = slots;
	}

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
	 * @return what the pool knew of it, or {@code null} if it was not tracked
	 */
	@Nullable TrackedConnection remove(Connection connection) {
		return this.connections.remove(connection);
	}

	/**
	 * The connections, as a copy.
	 * @return the connections now in the pool
	 */
	List<TrackedConnection> copy() {
		return List.copyOf(this.connections.values());
	}

	/**
	 * The slots of the open connections that no request sent holds: those the pool has
	 * not handed out, those handed out to a request that has not left the queue yet, and
	 * those about to be given back unused.
	 * @param retired whether a connection takes no new request
	 * @return the free slots of the connections that take new requests
	 */
	long freeSlots(Predicate<TrackedConnection> retired) {
		long free = 0;
		for (TrackedConnection tracked : this.connections.values()) {
			Connection connection = tracked.connection();
			if (connection.isClosed() || retired.test(tracked)) {
				continue;
			}
			if (connection instanceof ConnectionPool.MaxMultiplexable) {
				free += Math.max(0, this.slots.applyAsInt(connection) - Http2Sessions.streamsInFlight(connection));
			}
			else if (!tracked.isCarryingRequest()) {
				free++;
			}
		}
		return free;
	}

	/**
	 * Streams in flight over all HTTP/2 connections.
	 * @return the number of open streams, 0 for HTTP/1.1
	 */
	int streamsInFlight() {
		int streams = 0;
		for (TrackedConnection tracked : this.connections.values()) {
			streams += Http2Sessions.streamsInFlight(tracked.connection());
		}
		return streams;
	}

	/**
	 * The requests the most recently opened connection that is still open may carry at
	 * once, as it knows now.
	 * @return the slots, or {@code null} if no connection is open
	 */
	@Nullable Integer newestSlots() {
		TrackedConnection newest = null;
		for (TrackedConnection tracked : this.connections.values()) {
			if (!tracked.connection().isClosed()
					&& (newest == null || tracked.openedOrder() > newest.openedOrder())) {
				newest = tracked;
			}
		}
		return (newest != null) ? this.slots.applyAsInt(newest.connection()) : null;
	}

}
