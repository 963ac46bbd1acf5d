package io.github.internalhttp.client.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * The client's {@link SocketAddressResolver}: it spreads the connections of a destination
 * over every address its host name resolves to, and follows the name as DNS changes it.
 * <p>
 * Jetty resolves a destination's host each time it opens a connection, and tries the
 * addresses in the order given, going on to the next when one cannot be connected. For a
 * destination that spreads, this resolver answers from the {@link AddressBook} of its host
 * and port, resolved again every refresh interval, and orders the addresses for the dial:
 * those not backed off first, the one with the fewest connections of the destination (and
 * dials under way) first among them, ties broken in turn; addresses backed off after
 * failed dials come last, so that a destination fails only when every address fails. For
 * any other destination (spreading off, an IP address as host) it asks the resolver it
 * wraps, as Jetty would.
 * <p>
 * As the client's connector's {@link ClientConnector.ConnectListener}, it sees every dial
 * begin and end, which tells the addresses that refuse or fail connections.
 * <p>
 * Every refresh interval, on the client's scheduler, the names of destinations that
 * spread are resolved again, and each of their pools is told the addresses listed: a pool
 * drains its connections to addresses no longer listed and opens connections to new ones.
 * Time comes from an injected clock, so that tests drive the refresh without waiting.
 */
public final class AddressSpreadingResolver implements SocketAddressResolver, ClientConnector.ConnectListener {

	/**
	 * Key of the dial's context (the one Jetty passes to the resolver and to the
	 * transport's connection factory) under which the address the dial is meant for is
	 * kept.
	 */
	static final String INTENDED_ADDRESS_KEY = AddressSpreadingResolver.class.getName() + ".intendedAddress";

	/** The longest time between two checks of the names due to be resolved again. */
	private static final long MAX_TICK_MILLIS = 1_000;

	private final SocketAddressResolver delegate;

	private final long refreshIntervalMillis;

	private final Clock clock;

	private final Executor executor;

	private final ConcurrentMap<String, AddressBook> books = new ConcurrentHashMap<>();

	private final ConcurrentMap<InetSocketAddress, AddressHealth> health = new ConcurrentHashMap<>();

	/**
	 * The local addresses of connections established to another address than the one
	 * their dial was meant for, until their pool takes note.
	 */
	private final Set<SocketAddress> fallbacks = ConcurrentHashMap.newKeySet();

	/** The address of each dial under way, by its channel. */
	private final ConcurrentMap<SocketChannel, InetSocketAddress> dials = new ConcurrentHashMap<>();

	private volatile @Nullable Scheduler scheduler;

	private volatile boolean stopped;

	/**
	 * Create a resolver.
	 * @param delegate the resolver that looks names up
	 * @param refreshInterval how often the names of spreading destinations are resolved
	 * again
	 * @param clock the time the refresh and the backoff follow
	 * @param executor where pools are told of changed addresses, off the resolving thread
	 */
	public AddressSpreadingResolver(SocketAddressResolver delegate, Duration refreshInterval, Clock clock,
			Executor executor) {
		this.delegate = delegate;
		this.refreshIntervalMillis = refreshInterval.toMillis();
		this.clock = clock;
		this.executor = executor;
	}

	/**
	 * Start resolving names again every refresh interval.
	 * @param scheduler the client's scheduler, started
	 */
	public void start(Scheduler scheduler) {
		this.scheduler = scheduler;
		this.stopped = false;
		scheduleTick();
	}

	public void stop() {
		this.stopped = true;
	}

	private void scheduleTick() {
		Scheduler scheduler = this.scheduler;
		if (scheduler == null || this.stopped) {
			return;
		}
		long tick = Math.max(1, Math.min(this.refreshIntervalMillis, MAX_TICK_MILLIS));
		try {
			scheduler.schedule(this::tick, tick, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			// The scheduler stopped with the client.
		}
	}

	private void tick() {
		try {
			refreshDue();
		}
		finally {
			scheduleTick();
		}
	}

	/**
	 * Resolve again the names due, those of destinations that spread and were last
	 * resolved a refresh interval ago or more, and tell their pools the addresses listed.
	 */
	void refreshDue() {
		long now = this.clock.millis();
		for (AddressBook book : this.books.values()) {
			if (!book.pools().isEmpty() && book.isDue(now, this.refreshIntervalMillis) && book.startResolving()) {
				lookUp(book, new HashMap<>(), new Promise<>() {

					@Override
					public void succeeded(List<InetSocketAddress> addresses) {
						tellPools(book);
					}

					@Override
					public void failed(Throwable failure) {
						// The addresses known stay in use until a resolution succeeds.
					}

				});
			}
		}
	}

	/**
	 * The book of a host and port, created on first use.
	 * @param host the host name
	 * @param port the port
	 * @return its book
	 */
	AddressBook book(String host, int port) {
		return this.books.computeIfAbsent(host + ":" + port, (key) -> new AddressBook(host, port));
	}

	AddressHealth health(InetSocketAddress address) {
		return this.health.computeIfAbsent(address, (key) -> new AddressHealth());
	}

	@Nullable AddressHealth healthIfKnown(InetSocketAddress address) {
		return this.health.get(address);
	}

	long nowMillis() {
		return this.clock.millis();
	}

	@Override
	public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
		Object destination = context.get(Destination.CONTEXT_KEY);
		StreamAwareConnectionPool pool = (destination instanceof HttpDestination httpDestination
				&& httpDestination.getConnectionPool() instanceof StreamAwareConnectionPool streamAware)
						? streamAware : null;
		AddressBook book = (pool != null) ? pool.addressBook() : null;
		if (book == null) {
			this.delegate.resolve(host, port, context, promise);
			return;
		}
		long now = this.clock.millis();
		if (!book.isDue(now, this.refreshIntervalMillis) || (book.isResolved() && !book.startResolving())) {
			answer(book, pool, context, promise);
			return;
		}
		if (!book.isResolved() && !book.startResolving()) {
			// Another dial resolves it for the first time: ask on our own, as Jetty would.
			this.delegate.resolve(host, port, context, promise);
			return;
		}
		boolean first = !book.isResolved();
		lookUp(book, context, new Promise<>() {

			@Override
			public void succeeded(List<InetSocketAddress> addresses) {
				answer(book, pool, context, promise);
				if (first || book.listed().size() > 1) {
					tellPools(book);
				}
			}

			@Override
			public void failed(Throwable failure) {
				if (book.listed().isEmpty()) {
					promise.failed(failure);
				}
				else {
					answer(book, pool, context, promise);
				}
			}

		});
	}

	private void lookUp(AddressBook book, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
		this.delegate.resolve(book.host(), book.port(), context, new Promise<>() {

			@Override
			public void succeeded(List<InetSocketAddress> addresses) {
				book.resolved(addresses, AddressSpreadingResolver.this.clock.millis());
				promise.succeeded(book.listed());
			}

			@Override
			public void failed(Throwable failure) {
				book.resolutionFailed();
				promise.failed(failure);
			}

		});
	}

	private void answer(AddressBook book, StreamAwareConnectionPool pool, Map<String, Object> context,
			Promise<List<InetSocketAddress>> promise) {
		List<InetSocketAddress> listed = book.listed();
		if (listed.size() < 2) {
			promise.succeeded(listed);
			return;
		}
		List<InetSocketAddress> ordered = order(listed, pool, book.nextRotation());
		context.put(INTENDED_ADDRESS_KEY, ordered.get(0));
		promise.succeeded(ordered);
	}

	/**
	 * Take note of a connection established for a dial: whether it reached the address
	 * the dial was meant for, or went on to another after that one failed.
	 * @param endPoint the connection's end point
	 * @param context the dial's context
	 */
	void established(EndPoint endPoint, Map<String, Object> context) {
		Object intended = context.get(INTENDED_ADDRESS_KEY);
		if (intended != null && !intended.equals(endPoint.getRemoteSocketAddress())
				&& endPoint.getLocalSocketAddress() != null) {
			this.fallbacks.add(endPoint.getLocalSocketAddress());
		}
	}

	/**
	 * Whether a connection reached another address than the one its dial was meant for;
	 * asked once per connection.
	 * @param localAddress the connection's local address
	 * @return whether its dial went on to another address
	 */
	boolean wasFallback(@Nullable SocketAddress localAddress) {
		return localAddress != null && !this.fallbacks.isEmpty() && this.fallbacks.remove(localAddress);
	}

	/**
	 * The addresses in the order a dial tries them: those not backed off first, by the
	 * fewest connections of the pool and dials under way, ties in turn from a rotating
	 * start; the backed-off ones last.
	 */
	List<InetSocketAddress> order(List<InetSocketAddress> listed, StreamAwareConnectionPool pool, int rotation) {
		long now = this.clock.millis();
		Map<InetSocketAddress, Integer> load = pool.connectionsByAddress();
		int size = listed.size();
		List<InetSocketAddress> rotated = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			rotated.add(listed.get((rotation + i) % size));
		}
		// A stable sort: equal keys keep their rotated order.
		rotated.sort(Comparator.comparingInt((InetSocketAddress address) -> health(address).isBackedOff(now) ? 1 : 0)
			.thenComparingInt((address) -> load.getOrDefault(address, 0) + health(address).dialsUnderWay()));
		return rotated;
	}

	private void tellPools(AddressBook book) {
		for (StreamAwareConnectionPool pool : book.pools()) {
			try {
				this.executor.execute(() -> pool.addressesResolved(book.listed()));
			}
			catch (RuntimeException ex) {
				// The client is stopping.
			}
		}
	}

	@Override
	public void onConnectBegin(SocketChannel channel, SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			this.dials.put(channel, inet);
			health(inet).dialBegun();
		}
	}

	@Override
	public void onConnectSuccess(SocketChannel channel) {
		InetSocketAddress address = this.dials.remove(channel);
		if (address == null) {
			address = remoteAddress(channel);
		}
		if (address != null) {
			health(address).connected();
		}
	}

	@Override
	public void onConnectFailure(SocketChannel channel, SocketAddress address, Throwable failure) {
		InetSocketAddress dialed = this.dials.remove(channel);
		if (dialed == null && address instanceof InetSocketAddress inet) {
			dialed = inet;
		}
		if (dialed != null) {
			health(dialed).dialFailed(failure, this.clock.millis());
		}
	}

	private static @Nullable InetSocketAddress remoteAddress(SocketChannel channel) {
		try {
			return (channel.getRemoteAddress() instanceof InetSocketAddress inet) ? inet : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
