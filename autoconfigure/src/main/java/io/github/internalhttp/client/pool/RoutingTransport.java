package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.DestinationSettings;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.client.jettyinternals.GracefulHttp2;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
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

	private static final String ORIGIN_ATTRIBUTE = RoutingTransport.class.getName() + ".origin";

	private static final Origin.Protocol H2C = new Origin.Protocol(List.of("h2c"), false);

	private static final Origin.Protocol HTTP1 = new Origin.Protocol(List.of("http/1.1"), false);

	private final InternalHttpClientSettings settings;

	private final ProtocolMemory protocolMemory;

	private final Clock clock;

	private final ConnectionLifecycle lifecycle;

	private final List<Consumer<String>> destinationListeners = new CopyOnWriteArrayList<>();

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
		request.attribute(ORIGIN_ATTRIBUTE, origin);
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
		TrackedDestination destination = new TrackedDestination(getHttpClient(), origin,
				new DestinationStats(this.clock), this.protocolMemory);
		String name = name(origin);
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
		Object origin = request.getAttributes().get(ORIGIN_ATTRIBUTE);
		if (origin instanceof Origin known) {
			return (TrackedDestination) getHttpClient().resolveDestination(known);
		}
		return null;
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
