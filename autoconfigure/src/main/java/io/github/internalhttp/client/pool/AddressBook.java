package io.github.internalhttp.client.pool;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The addresses one host name and port resolve to, as last resolved, shared by every
 * destination of that host and port (h2c and HTTP/1.1 alike), and the pools to tell when
 * they change.
 * <p>
 * Only the addresses of the first address's family are kept: the IPv4 and IPv6 addresses
 * of a dual-stack name ({@code localhost} among them) are one host, and spreading over
 * them would only double the connections to it.
 */
final class AddressBook {

	private final String host;

	private final int port;

	/** The addresses listed by the last resolution, in the resolver's order. */
	private volatile List<InetSocketAddress> listed = List.of();

	/** When the name was last resolved, in epoch milliseconds; never at first. */
	private volatile long resolvedAt = Long.MIN_VALUE;

	/** Whether a resolution is under way, so that one runs at a time. */
	private final AtomicBoolean resolving = new AtomicBoolean();

	/** Where the next tie between equally loaded addresses is broken. */
	private final AtomicInteger rotation = new AtomicInteger();

	/** The pools of the destinations at this host and port. */
	private final List<StreamAwareConnectionPool> pools = new CopyOnWriteArrayList<>();

	AddressBook(String host, int port) {
		this.host = host;
		this.port = port;
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	List<InetSocketAddress> listed() {
		return this.listed;
	}

	boolean isResolved() {
		return this.resolvedAt != Long.MIN_VALUE;
	}

	/**
	 * Whether the name is due to be resolved again.
	 * @param nowMillis the time, in epoch milliseconds
	 * @param intervalMillis the refresh interval
	 * @return whether it has never been resolved or was last resolved an interval ago
	 */
	boolean isDue(long nowMillis, long intervalMillis) {
		return !isResolved() || nowMillis - this.resolvedAt >= intervalMillis;
	}

	boolean startResolving() {
		return this.resolving.compareAndSet(false, true);
	}

	/**
	 * Take the answer of a resolution.
	 * @param addresses the addresses resolved
	 * @param nowMillis when, in epoch milliseconds
	 * @return whether the addresses listed changed
	 */
	boolean resolved(List<InetSocketAddress> addresses, long nowMillis) {
		List<InetSocketAddress> sameFamily = sameFamily(addresses);
		boolean changed = !sameFamily.equals(this.listed);
		this.listed = sameFamily;
		this.resolvedAt = nowMillis;
		this.resolving.set(false);
		return changed;
	}

	/**
	 * Note a resolution that failed: the addresses listed stay as they were, and the name
	 * is resolved again at the next refresh.
	 */
	void resolutionFailed() {
		this.resolving.set(false);
	}

	int nextRotation() {
		return this.rotation.getAndIncrement() & Integer.MAX_VALUE;
	}

	void addPool(StreamAwareConnectionPool pool) {
		this.pools.add(pool);
	}

	void removePool(StreamAwareConnectionPool pool) {
		this.pools.remove(pool);
	}

	List<StreamAwareConnectionPool> pools() {
		return this.pools;
	}

	private static List<InetSocketAddress> sameFamily(List<InetSocketAddress> addresses) {
		if (addresses.isEmpty()) {
			return List.of();
		}
		Class<? extends InetAddress> family = addresses.get(0).getAddress().getClass();
		List<InetSocketAddress> kept = new ArrayList<>();
		for (InetSocketAddress address : addresses) {
			if (address.getAddress() != null && address.getAddress().getClass() == family && !kept.contains(address)) {
				kept.add(address);
			}
		}
		return List.copyOf(kept);
	}

}
