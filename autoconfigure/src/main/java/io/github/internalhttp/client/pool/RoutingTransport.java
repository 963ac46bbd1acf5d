package io.github.internalhttp.client.pool;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.DestinationSettings;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.PoolTimer;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.client.WireProtocol;
import io.github.internalhttp.client.jettyinternals.GracefulHttp2;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.jspecify.annotations.Nullable;

/**
 * The client's transport: it speaks HTTP/1.1 and HTTP/2 over one {@link ClientConnector},
 * routes each destination to HTTP/1.1, h2c or h2, and gives every destination a
 * {@link StreamAwareConnectionPool}.
 * <p>
 * The route of a destination follows, in order: its own {@link DestinationSettings},
 * what the {@link ProtocolMemory} learned of it (HTTP/1.1 only), then the client's
 * {@link ProtocolMode}. Clear-text destinations get h2c with prior knowledge only in
 * {@link ProtocolMode#H2C} mode, because a client cannot negotiate on clear text (it never
 * sends {@code Upgrade: h2c}). TLS destinations negotiate by ALPN; HTTP/1.1 is listed
 * first so that a server that sends no ALPN answer still gets HTTP/1.1, and servers pick
 * h2 by their own preference.
 */
public class RoutingTransport extends HttpClientTransportDynamic {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final String ROUTE_ATTRIBUTE = RoutingTransport.class.getName() + ".route";

	/** Where a dial keeps the decorator Jetty's context had before the dial added its own. */
	private static final String ORIGINAL_DECORATOR = RoutingTransport.class.getName() + ".decorator";

	private static final ClientConnectionFactory.Decorator NO_DECORATOR = (factory) -> factory;

	private static final Origin.Protocol H2C = new Origin.Protocol(List.of("h2c"), false);

	private static final Origin.Protocol HTTP1 = new Origin.Protocol(List.of("http/1.1"), false);

	private final InternalHttpClientSettings settings;

	private final ProtocolMemory protocolMemory;

	private final Clock clock;

	private final ConnectionLifecycle lifecycle;

	private final List<Consumer<String>> destinationListeners = new CopyOnWriteArrayList<>();

	/** An array, not a list: it is read on every request, and iterating it allocates nothing. */
	private volatile PoolEventListener[] poolEventListeners = new PoolEventListener[0];

	/** Tells every pool event listener, in the order they were added. */
	private final PoolEventListener poolEvents = new PoolEventListener() {

		@Override
		public void durationRecorded(String destination, WireProtocol protocol, PoolTimer timer, long nanos) {
			for (PoolEventListener listener : RoutingTransport.this.poolEventListeners) {
				listener.durationRecorded(destination, protocol, timer, nanos);
			}
		}

	};

	/** The client's resolver, {@code null} when destinations do not spread. */
	private final @Nullable AddressSpreadingResolver addressResolver;

	/**
	 * Create a transport.
	 * @param connector the connector shared by HTTP/1.1 and HTTP/2 connections
	 * @param http2Client the HTTP/2 client, built on the same connector
	 * @param settings the client's settings
	 * @param clock the clock failures and protocol memory are timed with
	 * @param lifecycle when the pools' connections retire
	 */
	public RoutingTransport(ClientConnector connector, HTTP2Client http2Client, InternalHttpClientSettings settings,
			Clock clock, ConnectionLifecycle lifecycle) {
		this(connector, http2Client, settings, clock, lifecycle, null);
	}

	/**
	 * Create a transport whose destinations spread over the addresses of their host
	 * names, as the settings say.
	 * @param connector the connector shared by HTTP/1.1 and HTTP/2 connections
	 * @param http2Client the HTTP/2 client, built on the same connector
	 * @param settings the client's settings
	 * @param clock the clock failures and protocol memory are timed with
	 * @param lifecycle when the pools' connections retire
	 * @param addressResolver the client's resolver, {@code null} for no spreading
	 */
	public RoutingTransport(ClientConnector connector, HTTP2Client http2Client, InternalHttpClientSettings settings,
			Clock clock, ConnectionLifecycle lifecycle, @Nullable AddressSpreadingResolver addressResolver) {
		super(connector, HttpClientConnectionFactory.HTTP11, new GracefulHttp2(http2Client));
		this.addressResolver = addressResolver;
		if (addressResolver != null) {
			// It learns from every dial which addresses refuse connections.
			connector.addEventListener(addressResolver);
		}
		this.settings = settings;
		this.protocolMemory = new ProtocolMemory(settings.protocolMemoryTtl(), clock);
		this.clock = clock;
		this.lifecycle = lifecycle;
		setConnectionPoolFactory((destination) -> newPool((TrackedDestination) destination));
		// Every response listener the client installs only copies bytes and wakes a
		// waiting caller: running them on the thread that read the frames saves a thread
		// hand-off per response.
		setInvocationType(InvocationType.NON_BLOCKING);
	}

	private StreamAwareConnectionPool newPool(TrackedDestination destination) {
		Origin.Address address = destination.getOrigin().getAddress();
		int maxConnections = this.settings.maxConnections(address.getHost(), address.getPort());
		int maxStreams = this.settings.maxConcurrentStreams(address.getHost(), address.getPort());
		if (this.addressResolver != null) {
			return new StreamAwareConnectionPool(destination, maxConnections, maxStreams, destination.getStats(),
					this.lifecycle, this.addressResolver, spreads(destination.getOrigin()),
					this.settings.pool().connectionsPerAddress());
		}
		return new StreamAwareConnectionPool(destination, maxConnections, maxStreams, destination.getStats(),
				this.lifecycle);
	}

	/**
	 * Whether a destination spreads over the addresses of its host: spreading is on for
	 * it, it is reached directly (not through a proxy) and its host is a name, not an IP
	 * address.
	 */
	private boolean spreads(Origin origin) {
		Origin.Address address = origin.getAddress();
		return this.settings.addressSpreading(address.getHost(), address.getPort())
				&& getHttpClient().getProxyConfiguration().match(origin) == null
				&& !isIpAddress(address.getHost());
	}

	private static boolean isIpAddress(String host) {
		return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
	}

	@Override
	public Origin newOrigin(Request request) {
		Origin origin = route(request);
		// One attribute per request carries both the origin, for retries, and the time
		// the request was queued, for its wait.
		request.attribute(ROUTE_ATTRIBUTE, new RequestRoute(origin));
		return origin;
	}

	private Origin route(Request request) {
		if (((HttpRequest) request).isVersionExplicit()) {
			return super.newOrigin(request);
		}
		String scheme = request.getScheme();
		boolean secure = HttpScheme.isSecure(scheme);
		if (protocolOf(request) == ProtocolMode.HTTP1
				|| this.protocolMemory.requiresHttp1(scheme, request.getHost(), request.getPort())) {
			return origin(request, HTTP1);
		}
		if (!secure) {
			return origin(request, (protocolOf(request) == ProtocolMode.H2C) ? H2C : HTTP1);
		}
		return super.newOrigin(request);
	}

	private ProtocolMode protocolOf(Request request) {
		return this.settings.protocol(request.getHost(), request.getPort());
	}

	private Origin origin(Request request, Origin.Protocol protocol) {
		if (request.getTransport() == null) {
			request.transport(Transport.TCP_IP);
		}
		return getHttpClient().createOrigin(request, protocol);
	}

	/**
	 * Create the connection of an end point just connected, telling the resolver which
	 * address it reached.
	 */
	@Override
	public org.eclipse.jetty.io.Connection newConnection(EndPoint endPoint, Map<String, Object> context)
			throws IOException {
		if (this.addressResolver != null) {
			this.addressResolver.established(endPoint, context);
		}
		return super.newConnection(endPoint, context);
	}

	@Override
	public Destination newDestination(Origin origin) {
		String name = name(origin);
		TrackedDestination destination = new TrackedDestination(getHttpClient(), origin,
				new DestinationStats(name, this.clock, this.poolEvents), this.protocolMemory);
		this.destinationListeners.forEach((listener) -> listener.accept(name));
		return destination;
	}

	/**
	 * Be told of every destination the transport creates.
	 * @param listener called with the destination's name, on the thread of the request that
	 * creates it, before the destination starts
	 */
	public void addDestinationListener(Consumer<String> listener) {
		this.destinationListeners.add(listener);
	}

	/**
	 * Be told of every duration the pools record.
	 * @param listener called on the thread that saw the event; it must return at once
	 */
	public synchronized void addPoolEventListener(PoolEventListener listener) {
		PoolEventListener[] listeners = Arrays.copyOf(this.poolEventListeners, this.poolEventListeners.length + 1);
		listeners[listeners.length - 1] = listener;
		this.poolEventListeners = listeners;
	}

	/**
	 * Time the TCP connect and TLS handshake of a dial: Jetty calls this for each address
	 * it tries, with the dial's context, which names the destination and holds the
	 * promise of the connection.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public void connect(SocketAddress address, Map<String, Object> context) {
		if (context.get(Destination.CONTEXT_KEY) instanceof TrackedDestination destination
				&& context.get(org.eclipse.jetty.client.Connection.PROMISE_CONTEXT_KEY) instanceof Promise<?> promise) {
			Dial dial = new Dial(destination.getStats(), destination.getConnectionPool());
			context.put(org.eclipse.jetty.client.Connection.PROMISE_CONTEXT_KEY,
					dial.wrap((Promise<org.eclipse.jetty.client.Connection>) promise));
			// Another address of the same dial finds this dial's decorator in place of the
			// original one: keep the original, and decorate it afresh.
			Object original = context.get(ORIGINAL_DECORATOR);
			if (original == null) {
				original = context.getOrDefault(ClientConnectionFactory.Decorator.CONTEXT_KEY, NO_DECORATOR);
				context.put(ORIGINAL_DECORATOR, original);
			}
			ClientConnectionFactory.Decorator decorator = (ClientConnectionFactory.Decorator) original;
			context.put(ClientConnectionFactory.Decorator.CONTEXT_KEY,
					(ClientConnectionFactory.Decorator) (factory) -> dial.apply(decorator.apply(factory)));
		}
		super.connect(address, context);
	}

	/**
	 * Count a request sent again, on the destination it was first sent to.
	 * @param request the request that failed
	 * @param reason why it is sent again
	 */
	public void recordRetry(Request request, String reason) {
		TrackedDestination destination = destinationOf(request);
		if (destination != null) {
			destination.getStats().requestRetried(reason);
		}
	}

	/**
	 * Remember that the destination of a request must be spoken to over HTTP/1.1, because
	 * the server asked for it (HTTP_1_1_REQUIRED).
	 * @param request the request the server refused over HTTP/2
	 */
	public void downgradeToHttp1(Request request) {
		boolean downgraded = this.protocolMemory.rememberHttp1(request.getScheme(), request.getHost(),
				request.getPort());
		TrackedDestination destination = destinationOf(request);
		if (downgraded && destination != null) {
			destination.getStats().protocolFellBack();
		}
	}

	private @Nullable TrackedDestination destinationOf(Request request) {
		RequestRoute route = routeOf(request);
		if (route != null) {
			return (TrackedDestination) getHttpClient().resolveDestination(route.origin());
		}
		return null;
	}

	static @Nullable RequestRoute routeOf(Request request) {
		return (request.getAttributes().get(ROUTE_ATTRIBUTE) instanceof RequestRoute route) ? route : null;
	}

	/**
	 * Where a request was routed, and when it was last queued on its destination.
	 */
	static final class RequestRoute {

		private final Origin origin;

		private volatile long queuedAt;

		RequestRoute(Origin origin) {
			this.origin = origin;
		}

		Origin origin() {
			return this.origin;
		}

		void queued(long nanoTime) {
			// 0 means never queued.
			this.queuedAt = (nanoTime != 0) ? nanoTime : 1;
		}

		long queuedAt() {
			return this.queuedAt;
		}

	}

	/**
	 * The pool of a destination created by this transport.
	 * @param destination a destination of the client using this transport
	 * @return its pool
	 */
	public static StreamAwareConnectionPool poolOf(Destination destination) {
		return (StreamAwareConnectionPool) destination.getConnectionPool();
	}

	/**
	 * The name of a destination: {@code scheme://host:port} with the port always present,
	 * so that one destination has one name whatever URLs reached it.
	 * @param origin the destination's origin
	 * @return the destination's name
	 */
	public static String name(Origin origin) {
		return DestinationId.of(origin).toString();
	}

}
