package io.github.internalhttp.client.pool;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.internalhttp.client.AddressSnapshot;
import io.github.internalhttp.client.PoolTimer;
import io.github.internalhttp.client.WireProtocol;
import io.github.internalhttp.client.jettyinternals.DeferredClose;
import io.github.internalhttp.client.jettyinternals.Http2Sessions;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.IO;
import org.jspecify.annotations.Nullable;

/**
 * A connection pool that opens a new connection only when the connections it has, open
 * or being opened, have no free stream slot for the queued requests.
 * <p>
 * Jetty's {@link MultiplexConnectionPool} weighs the queued requests against the
 * connections being opened only, each assumed to carry one request: every request
 * queued during a handshake dials a connection of its own, so a cold burst of 200 h2c
 * requests opens 64 connections (jetty issue 2293). This pool expects a connection being
 * opened to carry as many requests as the destination's connections allow (its
 * {@link #getInitialMaxMultiplex() initial multiplex}: the whole burst until the first
 * connection tells what the destination speaks, then the server's stream limit, or one
 * for HTTP/1.1), and counts the free slots of the connections already open as well.
 * <p>
 * A slot is free until a request has been sent on it. Jetty hands a slot to a request
 * before the request leaves the queue, and a slot may be handed out only to be given
 * back when another thread took the queued request: counting such slots as taken while
 * their request is still counted as queued opened one connection too many when a burst
 * exactly filled the connections it needed.
 * <p>
 * Retirement follows {@link RetirementRules}: a retired connection takes no new request,
 * leaves the pool, and closes when its last in-flight request completes, so that
 * long-lived connections rebalance across the backends behind a load balancer without
 * failing a request.
 * <p>
 * A pool whose destination spreads over the addresses of its host name
 * ({@link AddressSpreadingResolver}) hands out its connections in turn rather than
 * filling the first, keeps {@code connections-per-address} connections to each address
 * not backed off once it carries traffic, and drains its connections to addresses no
 * longer listed: they take no new request and close once idle.
 */
public class StreamAwareConnectionPool extends MultiplexConnectionPool implements DeferredClose {

	/** The destination whose requests the pool carries. */
	private final HttpDestination destination;

	/** The requests each connection may carry at once. */
	private final StreamSlots slots;

	/**
	 * The requests a connection being opened is expected to carry while the destination's
	 * protocol is unknown: large enough that one connection absorbs any burst, small
	 * enough that "pending connections x capacity" cannot overflow an int.
	 */
	private final int unknownCapacity;

	/** Where connection events are counted. */
	private final DestinationStats stats;

	/** When connections retire. */
	private final RetirementRules retirement;

	/** What the destination speaks. */
	private final DetectedProtocol protocol;

	/** The open connections. */
	private final PooledConnections connections;

	/** Held while deciding how many connections to open, so that one caller decides at a time. */
	private final Object dialLock = new Object();

	/**
	 * Set when a dial was forgone for slots already handed out: the slot's holder may
	 * give it back unused, and its release must then have the queue processed.
	 */
	private final AtomicBoolean releaseProcessesQueue = new AtomicBoolean();

	/** The addresses of the destination's host name, {@code null} unless it spreads. */
	private final @Nullable AddressBook addressBook;

	/** The client's resolver, which knows the health of each address, if any. */
	private final @Nullable AddressSpreadingResolver resolver;

	/** Connections to keep to each address when the destination spreads. */
	private final int connectionsPerAddress;

	/**
	 * Create a pool for a destination.
	 * @param destination the destination the pool serves
	 * @param maxConnections the most connections the pool may hold
	 * @param maxStreamsCap the client's cap on streams per HTTP/2 connection, 0 for none
	 * @param stats where connection events are counted
	 * @param lifecycle when the pool's connections retire
	 */
	public StreamAwareConnectionPool(Destination destination, int maxConnections, int maxStreamsCap,
			DestinationStats stats, ConnectionLifecycle lifecycle) {
		this(destination, maxConnections, new StreamSlots(maxStreamsCap), stats, lifecycle, null, null, 1);
	}

	/**
	 * Create a pool for a destination of a client whose resolver knows the health of
	 * every address, and which may spread over the addresses of its host name.
	 * @param destination the destination the pool serves
	 * @param maxConnections the most connections the pool may hold
	 * @param maxStreamsCap the client's cap on streams per HTTP/2 connection, 0 for none
	 * @param stats where connection events are counted
	 * @param lifecycle when the pool's connections retire
	 * @param resolver the client's resolver, which knows the addresses and their health
	 * @param spreads whether the destination spreads over the addresses of its host name
	 * @param connectionsPerAddress the connections to keep to each address
	 */
	StreamAwareConnectionPool(Destination destination, int maxConnections, int maxStreamsCap,
			DestinationStats stats, ConnectionLifecycle lifecycle, AddressSpreadingResolver resolver, boolean spreads,
			int connectionsPerAddress) {
		this(destination, maxConnections, new StreamSlots(maxStreamsCap), stats, lifecycle,
				spreads ? resolver.book(destination.getOrigin().getAddress().getHost(),
						destination.getOrigin().getAddress().getPort()) : null,
				resolver, connectionsPerAddress);
	}

	private StreamAwareConnectionPool(Destination destination, int maxConnections, StreamSlots slots,
			DestinationStats stats, ConnectionLifecycle lifecycle, @Nullable AddressBook addressBook,
			@Nullable AddressSpreadingResolver resolver, int connectionsPerAddress) {
		// Spreading hands connections out in turn, so that each address gets its share of
		// the streams; otherwise the first connection is filled before the next is used.
		super(destination, () -> new ConcurrentPool<>((addressBook != null) ? ConcurrentPool.StrategyType.ROUND_ROBIN
				: ConcurrentPool.StrategyType.FIRST, maxConnections, slots), 1);
		this.addressBook = addressBook;
		this.resolver = resolver;
		this.connectionsPerAddress = connectionsPerAddress;
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be at least 1 but was " + maxConnections);
		}
		this.destination = (HttpDestination) destination;
		this.slots = slots;
		this.stats = stats;
		this.retirement = new RetirementRules(lifecycle);
		this.protocol = new DetectedProtocol(destination.getOrigin());
		this.connections = new PooledConnections(slots);
		this.unknownCapacity = Integer.MAX_VALUE / maxConnections;
		setInitialMaxMultiplex(expectedStreamsPerNewConnection());
	}

	private int expectedStreamsPerNewConnection() {
		if (!this.protocol.mayMultiplex()) {
			return 1;
		}
		int learned = this.protocol.streamsPerConnection();
		return (learned == DetectedProtocol.UNKNOWN_STREAMS) ? this.unknownCapacity
				: Math.min(learned, this.unknownCapacity);
	}

	/**
	 * Open as many connections as the queued requests need, and no more: until the
	 * connections being opened, at the {@link #getInitialMaxMultiplex() initial
	 * multiplex} each, and the free slots of the open connections cover the queue.
	 * <p>
	 * Jetty's own rule opens at most one connection per call, so requests queued while
	 * the first connection was opened would each wait for a dial after it told its stream
	 * limit; this opens them all at once. Jetty also counts the {@code create} hint as one
	 * more request on top of the queue, which already holds the caller's request:
	 * ignoring the hint keeps a burst of N HTTP/1.1 requests to N connections, not N + 1.
	 * <p>
	 * A connection Jetty has just opened counts with its free slots from the moment it is
	 * reported {@link #onCreated(Connection) created}, while Jetty still counts it as
	 * pending, so the moment between Jetty's dropping it from the pending count and its
	 * becoming available dials nothing.
	 */
	@Override
	protected void tryCreate(boolean create) {
		synchronized (this.dialLock) {
			while (getConnectionCount() < getMaxConnectionCount()) {
				// Read in this order, while connections open and requests are sent: Jetty
				// reports a connection created before it leaves the pending count, and a
				// request leaves the queue before it opens its stream, so each slot and each
				// request is counted at least once on the supply side and at most once on
				// the demand side. Read the other way round, a connection opened in between
				// was counted nowhere, and a request sent in between counted twice.
				int pending = getPendingConnectionCount();
				int perConnection = getInitialMaxMultiplex();
				long freeSlots = this.connections.freeSlots(this.retirement::isRetired);
				int queued = this.destination.getQueuedRequestCount();
				if ((long) pending * perConnection + freeSlots >= queued) {
					if (freeSlots > 0) {
						this.releaseProcessesQueue.set(true);
					}
					return;
				}
				// One at a time, deciding again each time: a connection may open meanwhile.
				// Should one open just now, this may stop early; that connection's own
				// processing of the queue then decides again.
				int pendingBefore = getPendingConnectionCount();
				preCreateConnections(1);
				if (getPendingConnectionCount() <= pendingBefore) {
					return;
				}
			}
		}
	}

	/**
	 * The next connection with a free slot, skipping retired ones: a retired connection
	 * leaves the pool and is closed now if idle, else by the release of its last request.
	 */
	@Override
	protected Connection activate() {
		while (true) {
			Connection connection = super.activate();
			if (connection == null) {
				return null;
			}
			TrackedConnection tracked = this.connections.get(connection);
			if (tracked == null || !this.retirement.isRetired(tracked)) {
				return connection;
			}
			// Jetty's own rule for its maxDuration: removing an entry in use only marks it,
			// and the remove that drops its last use reports that it can be closed.
			if (remove(connection)) {
				IO.close(connection);
			}
		}
	}

	/**
	 * Give a connection back after a request; a retired one gives up this use instead,
	 * and the caller closes it when that was its last.
	 * <p>
	 * Jetty processes the queue after the release of a request that completed, but not
	 * after a slot given back unused. When a dial was forgone for such a slot, its
	 * release has the queue processed, so that the request the dial was forgone for is
	 * sent.
	 */
	@Override
	public boolean release(Connection connection) {
		TrackedConnection tracked = this.connections.get(connection);
		if (tracked != null) {
			if (!(connection instanceof ConnectionPool.MaxMultiplexable)) {
				tracked.carryingRequest(false);
			}
			if (this.retirement.isRetired(tracked)) {
				return !remove(connection);
			}
		}
		boolean released = super.release(connection);
		if (released && this.releaseProcessesQueue.compareAndSet(true, false)
				&& this.destination.getQueuedRequestCount() > 0) {
			proceed();
		}
		return released;
	}

	/**
	 * Remove a connection, except for a removal Jetty makes when a GOAWAY arrives: that
	 * one is not the end of a request, and counting it as one closes the connection under
	 * its last in-flight request. The GOAWAY retires the connection instead, so it takes
	 * no new request and closes when its last request is released.
	 */
	@Override
	public boolean remove(Connection connection) {
		TrackedConnection tracked = this.connections.get(connection);
		if (tracked != null && tracked.goAwayRemovals().takeRemoval()) {
			return false;
		}
		return super.remove(connection);
	}

	/**
	 * Note a request sent on a connection: for HTTP/1.1 its slot is taken until the
	 * connection is given back, and when a request limit is set the connection retires
	 * once it has carried its maximum.
	 * @param connection a connection of this pool
	 */
	void requestSent(Connection connection) {
		boolean http1 = !(connection instanceof ConnectionPool.MaxMultiplexable);
		if (!http1 && !this.retirement.countsRequests()) {
			return;
		}
		TrackedConnection tracked = this.connections.get(connection);
		if (tracked == null) {
			return;
		}
		// A response that completed already gave the connection back.
		if (http1 && isActive(connection)) {
			tracked.carryingRequest(true);
		}
		this.retirement.requestSent(tracked);
	}

	/**
	 * Retire a connection whose peer closed the session, so that the release of its last
	 * exchange closes it, rather than closing it under exchanges still being delivered.
	 * @param connection a connection of this pool
	 * @return whether the connection still carries exchanges and will be closed later;
	 * {@code false} when the caller should close it now
	 */
	@Override
	public boolean closeWhenReleased(Connection connection) {
		TrackedConnection tracked = this.connections.get(connection);
		if (tracked == null) {
			return false;
		}
		tracked.serverClosed();
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
		Http2Sessions.disconnect(connection);
	}

	/**
	 * Track a connection Jetty has just opened, while Jetty still counts it as pending,
	 * and learn from it what the destination speaks.
	 */
	@Override
	protected void onCreated(Connection connection) {
		TrackedConnection tracked = this.connections.add(connection, this.retirement.retireAt(), this.stats);
		if (this.resolver != null && tracked.remoteAddress() != null) {
			this.resolver.health(tracked.remoteAddress()).connectionReady();
			if (this.resolver.wasFallback(connection.getLocalSocketAddress()) && isSurplus(tracked)) {
				tracked.drain();
			}
		}
		boolean multiplexed = connection instanceof ConnectionPool.MaxMultiplexable;
		this.protocol.connectionOpened(multiplexed, this.slots.applyAsInt(connection));
		setInitialMaxMultiplex(expectedStreamsPerNewConnection());
		this.stats.connectionOpened();
		super.onCreated(connection);
	}

	/**
	 * Forget a connection that left the pool. When the pool stops, Jetty also reports
	 * the entries of connections still being opened, which have no connection yet.
	 */
	@Override
	protected void onRemoved(@Nullable Connection connection) {
		TrackedConnection tracked = (connection != null) ? this.connections.remove(connection) : null;
		if (tracked != null) {
			this.stats.connectionClosed();
			this.stats.recordDuration(PoolTimer.CONNECTIONS_LIFETIME, getProtocol(), tracked.ageNanos());
		}
		super.onRemoved(connection);
	}

	/**
	 * The protocol the pool's connections speak.
	 * @return the protocol, {@link WireProtocol#UNKNOWN} until the first TLS handshake
	 * tells
	 */
	public WireProtocol getProtocol() {
		return this.protocol.protocol();
	}

	/**
	 * Streams in flight over all HTTP/2 connections of the pool.
	 * @return the number of active streams, 0 for HTTP/1.1
	 */
	public int getActiveStreamCount() {
		return this.connections.streamsInFlight();
	}

	/**
	 * Streams allowed at once on the most recently opened connection that is still open,
	 * as that connection's server says now; while none is open, as the last one said.
	 * @return the limit, 1 for HTTP/1.1, 0 while unknown
	 */
	public int getMaxStreamCount() {
		Integer newest = this.connections.newestSlots();
		return (newest != null) ? newest : this.protocol.streamsPerConnection();
	}

	public DestinationStats getStats() {
		return this.stats;
	}

	@Override
	protected void doStart() throws Exception {
		super.doStart();
		if (this.addressBook != null) {
			this.addressBook.addPool(this);
		}
	}

	@Override
	protected void doStop() throws Exception {
		if (this.addressBook != null) {
			this.addressBook.removePool(this);
		}
		super.doStop();
	}

	/**
	 * The addresses of the destination's host name.
	 * @return its book, or {@code null} when the destination does not spread
	 */
	@Nullable AddressBook addressBook() {
		return this.addressBook;
	}

	/**
	 * The connections that take new requests, by the address they are connected to.
	 * @return the count per address
	 */
	Map<InetSocketAddress, Integer> connectionsByAddress() {
		Map<InetSocketAddress, Integer> counts = new HashMap<>();
		for (TrackedConnection tracked : this.connections.copy()) {
			InetSocketAddress address = tracked.remoteAddress();
			if (address != null && !tracked.connection().isClosed() && !this.retirement.isRetired(tracked)) {
				counts.merge(address, 1, Integer::sum);
			}
		}
		return counts;
	}

	/**
	 * Follow the addresses the destination's host name resolved to: drain the connections
	 * to addresses no longer listed, and, while the pool carries traffic, open connections
	 * until each address not backed off has its share.
	 * @param listed the addresses listed now
	 */
	void addressesResolved(List<InetSocketAddress> listed) {
		if (!isRunning() || listed.isEmpty()) {
			return;
		}
		boolean inUse = false;
		for (TrackedConnection tracked : this.connections.copy()) {
			InetSocketAddress address = tracked.remoteAddress();
			if (address != null && !listed.contains(address) && !tracked.isDrained()) {
				tracked.drain();
				Connection connection = tracked.connection();
				// An idle one closes now; one in use closes on the release of its last request.
				if (!isActive(connection) && remove(connection)) {
					IO.close(connection);
				}
			}
			else if (!tracked.connection().isClosed() && !this.retirement.isRetired(tracked)) {
				inUse = true;
			}
		}
		if (inUse || this.destination.getQueuedRequestCount() > 0) {
			openMissingConnections(listed);
		}
	}

	/**
	 * Open the connections the listed addresses lack: {@code connections-per-address} to
	 * each address not backed off, counting the connections being opened, within the
	 * pool's limit. Each dial goes to the address with the fewest connections first.
	 */
	private void openMissingConnections(List<InetSocketAddress> listed) {
		AddressSpreadingResolver resolver = this.resolver;
		if (resolver == null || this.addressBook == null || listed.size() < 2) {
			return;
		}
		synchronized (this.dialLock) {
			long now = resolver.nowMillis();
			Map<InetSocketAddress, Integer> open = connectionsByAddress();
			int wanted = 0;
			int have = getPendingConnectionCount();
			for (InetSocketAddress address : listed) {
				if (!resolver.health(address).isBackedOff(now)) {
					wanted += this.connectionsPerAddress;
					have += Math.min(open.getOrDefault(address, 0), this.connectionsPerAddress);
				}
			}
			int missing = Math.min(wanted - have, getMaxConnectionCount() - getConnectionCount());
			if (missing > 0) {
				preCreateConnections(missing);
			}
		}
	}

	/**
	 * Whether a connection that a dial meant for another address opened, after that
	 * address refused, is one too many: no request waits, its address already has its
	 * share, and every address not backed off has its share too. Kept, it would give its
	 * address more than its share of the streams, and one more at every refresh while the
	 * refusing address stays listed. It is drained instead: it takes no request and
	 * closes.
	 */
	private boolean isSurplus(TrackedConnection opened) {
		AddressBook book = this.addressBook;
		AddressSpreadingResolver resolver = this.resolver;
		if (book == null || resolver == null || this.destination.getQueuedRequestCount() > 0) {
			return false;
		}
		List<InetSocketAddress> listed = book.listed();
		if (listed.size() < 2) {
			return false;
		}
		Map<InetSocketAddress, Integer> open = connectionsByAddress();
		// The connection just opened is tracked already: it counts once on its address.
		if (open.getOrDefault(opened.remoteAddress(), 0) <= this.connectionsPerAddress) {
			return false;
		}
		long now = resolver.nowMillis();
		for (InetSocketAddress address : listed) {
			if (!resolver.health(address).isBackedOff(now)
					&& open.getOrDefault(address, 0) < this.connectionsPerAddress) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The pool's connections by the address they are connected to, with the addresses
	 * its host name lists now that it has no connection to.
	 * @return one snapshot per address, in address order
	 */
	public List<AddressSnapshot> addressSnapshots() {
		Map<InetSocketAddress, int[]> byAddress = new LinkedHashMap<>();
		List<InetSocketAddress> listed = (this.addressBook != null) ? this.addressBook.listed() : List.of();
		listed.forEach((address) -> byAddress.put(address, new int[2]));
		for (TrackedConnection tracked : this.connections.copy()) {
			InetSocketAddress address = tracked.remoteAddress();
			if (address != null && !tracked.connection().isClosed()) {
				int[] counts = byAddress.computeIfAbsent(address, (key) -> new int[2]);
				counts[0]++;
				counts[1] += Http2Sessions.streamsInFlight(tracked.connection());
			}
		}
		List<AddressSnapshot> snapshots = new ArrayList<>();
		byAddress.forEach((address, counts) -> {
			AddressHealth health = (this.resolver != null) ? this.resolver.healthIfKnown(address) : null;
			AddressHealth.Failure failure = (health != null) ? health.lastFailure() : null;
			snapshots.add(new AddressSnapshot(AddressSnapshot.name(address),
					this.addressBook == null || listed.contains(address), counts[0], counts[1],
					(health != null) ? health.failures() : 0, health != null && health.isDown(),
					(failure != null) ? failure.message() : null, (failure != null) ? failure.time() : null));
		});
		snapshots.sort(Comparator.comparing(AddressSnapshot::address));
		return snapshots;
	}

	List<TrackedConnection> getTrackedConnections() {
		return this.connections.copy();
	}

}
