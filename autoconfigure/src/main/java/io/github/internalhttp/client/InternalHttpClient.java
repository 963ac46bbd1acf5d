package io.github.internalhttp.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;

import io.github.internalhttp.client.pool.AddressSpreadingResolver;
import io.github.internalhttp.client.pool.ConnectionLifecycle;
import io.github.internalhttp.client.pool.DestinationStats;
import io.github.internalhttp.client.pool.PoolEventListener;
import io.github.internalhttp.client.pool.RoutingTransport;
import io.github.internalhttp.client.pool.StreamAwareConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.JettyHttpClientBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * One shared, pooled HTTP client for service-to-service calls, over Jetty's
 * {@link HttpClient} speaking HTTP/1.1, h2c and h2 on one connector.
 * <p>
 * Create it, {@link #start()} it, hand {@link #requestFactory()} to every
 * {@code RestClient}, and {@link #close()} it when the application stops: every request
 * then shares one pool per destination, and an HTTP/2 destination carries concurrent
 * requests as streams of as few connections as its stream limit allows.
 */
public final class InternalHttpClient implements AutoCloseable {

	/** Prefix of the names of the client's threads. */
	public static final String THREAD_NAME_PREFIX = "internal-http-client";

	private static final Comparator<DestinationSnapshot> SNAPSHOT_ORDER = Comparator
		.comparing(DestinationSnapshot::destination)
		.thenComparing((snapshot) -> snapshot.protocol().tag());

	private final InternalHttpClientSettings settings;

	private final HttpClient httpClient;

	private final RoutingTransport transport;

	/** Jetty's default timeout of a name lookup. */
	private static final long ADDRESS_RESOLUTION_TIMEOUT_MILLIS = 15_000;

	private final AddressSpreadingResolver addressResolver;

	private final ResponseTimeouts responseTimeouts;

	private volatile boolean closed;

	public InternalHttpClient(InternalHttpClientSettings settings) {
		this(settings, Clock.systemUTC());
	}

	/**
	 * Create a client that reads the time of day from the given clock: the times of
	 * connection failures and how long a destination stays on HTTP/1.1 follow it, so that
	 * they can be tested without waiting.
	 * @param settings the client's settings
	 * @param clock the clock
	 */
	public InternalHttpClient(InternalHttpClientSettings settings, Clock clock) {
		this(settings, clock, (httpClient) -> {
		});
	}

	/**
	 * Create a client whose Jetty {@link HttpClient} is handed to the given customizer
	 * once configured and before it starts, for what the settings do not cover: a proxy,
	 * the address resolver or options of the connector. A resolver the customizer sets
	 * (or wraps: the client's resolver is Jetty's, which asks the JVM) looks names up for
	 * address spreading, which asks it again every
	 * {@link PoolSettings#addressRefreshInterval()} on the clock's time: service discovery
	 * other than DNS, or tests that map a name to addresses of their own and change them.
	 * A customizer that replaces the transport, the executor or the cookie store takes the
	 * pool's guarantees with it.
	 * @param settings the client's settings
	 * @param clock the clock
	 * @param customizer called once with the Jetty client before it starts
	 */
	public InternalHttpClient(InternalHttpClientSettings settings, Clock clock, Consumer<HttpClient> customizer) {
		this.settings = settings;
		QueuedThreadPool executor = new QueuedThreadPool();
		executor.setName(THREAD_NAME_PREFIX);
		executor.setDaemon(true);
		Scheduler scheduler = new ScheduledExecutorScheduler(THREAD_NAME_PREFIX + "-scheduler", true);
		// The resolver that looks names up is known only once the customizer has run.
		SocketAddressResolver[] lookUp = new SocketAddressResolver[1];
		this.addressResolver = new AddressSpreadingResolver(
				(host, port, context, promise) -> lookUp[0].resolve(host, port, context, promise),
				settings.pool().addressRefreshInterval(), clock, executor);
		ConnectionLifecycle lifecycle = new ConnectionLifecycle(settings.pool(), settings.http2());
		RoutingTransport[] transport = new RoutingTransport[1];
		// Built by Spring Boot's Jetty builder so that an SSL bundle applies exactly as it
		// does to Boot's own clients (trust, key, enabled protocols, ciphers), over our
		// transport: HTTP/1.1, h2c and h2 on the connector Boot configures.
		HttpClient client = new JettyHttpClientBuilder().withHttpClientTransportFactory((connector) -> {
			HTTP2Client http2Client = new HTTP2Client(connector);
			http2Client.setInitialStreamRecvWindow(settings.http2().initialStreamWindow());
			http2Client.setInitialSessionRecvWindow(settings.http2().initialSessionWindow());
			transport[0] = new RoutingTransport(connector, http2Client, settings, clock, lifecycle,
					this.addressResolver);
			return transport[0];
		}).build(HttpClientSettings.defaults().withSslBundle(settings.sslBundle()));
		this.transport = transport[0];
		client.setExecutor(executor);
		client.setScheduler(scheduler);
		// Jetty's own default, made here so that a customizer can wrap it.
		client.setSocketAddressResolver(
				new SocketAddressResolver.Async(executor, scheduler, ADDRESS_RESOLUTION_TIMEOUT_MILLIS));
		// One client serves every caller of the application: a cookie one response set must
		// never ride along on another caller's request.
		client.setHttpCookieStore(new HttpCookieStore.Empty());
		// HttpClient.start() copies these onto the HTTP2Client.
		client.setConnectTimeout(settings.connectTimeout().toMillis());
		client.setIdleTimeout(settings.idleTimeout().toMillis());
		client.setMaxResponseHeadersSize(settings.maxResponseHeadersSize());
		client.setMaxConnectionsPerDestination(settings.pool().maxConnectionsPerDestination());
		client.setMaxRequestsQueuedPerDestination(settings.pool().maxQueuedRequestsPerDestination());
		Duration destinationIdleTimeout = settings.pool().destinationIdleTimeout();
		if (destinationIdleTimeout != null) {
			client.setDestinationIdleTimeout(destinationIdleTimeout.toMillis());
		}
		lifecycle.install(client);
		customizer.accept(client);
		lookUp[0] = client.getSocketAddressResolver();
		client.setSocketAddressResolver(this.addressResolver);
		this.httpClient = client;
		this.responseTimeouts = new ResponseTimeouts(client.getScheduler());
	}

	/**
	 * Start the client: its threads and its connector. Connections are opened on demand.
	 * Calling it is optional, the first request starts the client, but starting early
	 * makes a failure show at startup rather than on the first call.
	 * @throws IllegalStateException if the client cannot start or was closed
	 */
	public synchronized void start() {
		if (this.closed) {
			throw new IllegalStateException("The internal HTTP client is closed");
		}
		if (this.httpClient.isStarted()) {
			return;
		}
		try {
			this.httpClient.start();
			this.addressResolver.start(this.httpClient.getScheduler());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the internal HTTP client: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Stop the client: queued and in-flight requests fail, connections close and every
	 * thread of the client ends.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		this.responseTimeouts.destroy();
		this.addressResolver.stop();
		try {
			this.httpClient.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not stop the internal HTTP client: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Use new TLS material for the connections opened from now on, as when Spring Boot
	 * reloads an SSL bundle whose files changed ({@code reload-on-update}); open
	 * connections keep the material they were opened with until they close. The bundle's
	 * options apply as Spring Boot applies them to its own Jetty client.
	 * @param sslBundle the bundle's new content
	 * @throws IllegalStateException if the client has no TLS configuration to reload
	 */
	public void reloadSslBundle(SslBundle sslBundle) {
		SslContextFactory.Client sslContextFactory = this.httpClient.getSslContextFactory();
		try {
			sslContextFactory.reload((factory) -> {
				factory.setSslContext(sslBundle.createSslContext());
				SslOptions options = sslBundle.getOptions();
				if (options.getCiphers() != null) {
					factory.setIncludeCipherSuites(options.getCiphers());
					factory.setExcludeCipherSuites();
				}
				if (options.getEnabledProtocols() != null) {
					factory.setIncludeProtocols(options.getEnabledProtocols());
					factory.setExcludeProtocols();
				}
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not reload the TLS material of the internal HTTP client", ex);
		}
	}

	public boolean isRunning() {
		return this.httpClient.isRunning();
	}

	public InternalHttpClientSettings getSettings() {
		return this.settings;
	}

	/**
	 * A request factory whose requests wait {@link InternalHttpClientSettings#responseTimeout()}
	 * for the response headers.
	 * @return a request factory over this client's pool
	 */
	public InternalClientHttpRequestFactory requestFactory() {
		return new InternalClientHttpRequestFactory(this, this.settings.responseTimeout());
	}

	/**
	 * A request factory over this client's pool with its own response timeout. Factories
	 * are cheap: they share the client, its pool and its threads.
	 * @param responseTimeout how long a request waits for the response headers
	 * @return a request factory over this client's pool
	 */
	public InternalClientHttpRequestFactory requestFactory(Duration responseTimeout) {
		return new InternalClientHttpRequestFactory(this, responseTimeout);
	}

	/**
	 * A new Jetty request, for callers that use Jetty's API directly; it goes through the
	 * same pool as {@code RestClient} requests. Response listeners run on the thread that
	 * read the response, so they must not block: one that does holds up the other
	 * responses on its connection.
	 * @param uri the request URI
	 * @return a request to configure and send
	 */
	public Request newRequest(URI uri) {
		if (!this.httpClient.isStarted()) {
			startBeforeFirstRequest(uri);
		}
		return this.httpClient.newRequest(uri);
	}

	/**
	 * Open connections to a destination ahead of its first request, so that the first
	 * burst of calls pays no handshake. The destination and its protocol are chosen as
	 * for a request to the URI; one connection is enough for an HTTP/2 destination.
	 * A failure to connect is recorded in the destination's {@link #destinations()
	 * snapshot} like any other.
	 * @param uri a URI of the destination, only its scheme, host and port matter
	 * @param connections how many connections to open, at most the destination's limit
	 * @return a future completed when every connection is open, or failed with the
	 * first failure to connect
	 */
	public CompletableFuture<Void> prewarm(URI uri, int connections) {
		if (connections < 1) {
			throw new IllegalArgumentException("connections must be at least 1 but was " + connections);
		}
		Request request = newRequest(uri);
		Destination destination = this.httpClient.resolveDestination(request);
		return destination.getConnectionPool().preCreateConnections(connections);
	}

	/**
	 * Be told when the client creates a destination: the first request to a scheme, host,
	 * port and protocol, or the first after the destination was dropped for being idle.
	 * The listener runs on the requesting thread and must return at once; it sees the
	 * destination in {@link #destinations()} only once the destination has started.
	 * @param listener called with the destination's {@code scheme://host:port}
	 */
	public void addDestinationListener(Consumer<String> listener) {
		this.transport.addDestinationListener(listener);
	}

	/**
	 * Be told of every duration the client's pools record (waits for a connection or a
	 * stream, connects, TLS handshakes, connection lifetimes), as it happens: for a
	 * metrics library. Each destination's {@link #destinations() snapshot} holds a recent
	 * summary of the same durations, listener or not.
	 * @param listener called on the thread that saw the event; it must return at once
	 */
	public void addPoolEventListener(PoolEventListener listener) {
		this.transport.addPoolEventListener(listener);
	}

	/**
	 * A view of every destination the client has talked to, ordered by destination then
	 * protocol.
	 * @return one snapshot per destination and protocol
	 */
	public List<DestinationSnapshot> destinations() {
		return this.httpClient.getDestinations()
			.stream()
			// A destination being created has no pool until it starts.
			.filter((destination) -> destination.getConnectionPool() != null)
			.map(this::snapshot)
			.sorted(SNAPSHOT_ORDER)
			.toList();
	}

	private void startBeforeFirstRequest(URI uri) {
		if (this.closed) {
			String destination = RequestFailures.destination(uri);
			throw new RequestRejectedException(destination,
					"Request to " + destination + " rejected: the internal HTTP client is closed", null);
		}
		start();
	}

	private DestinationSnapshot snapshot(Destination destination) {
		StreamAwareConnectionPool pool = RoutingTransport.poolOf(destination);
		DestinationStats stats = pool.getStats();
		DestinationStats.Failure failure = stats.lastFailure();
		return new DestinationSnapshot(DestinationId.of(destination.getOrigin()), pool.getProtocol(),
				pool.getActiveConnectionCount(), pool.getIdleConnectionCount(), pool.getPendingConnectionCount(),
				pool.getMaxConnectionCount(), pool.getActiveStreamCount(), pool.getMaxStreamCount(),
				((HttpDestination) destination).getQueuedRequestCount(), this.settings.pool().maxQueuedRequestsPerDestination(),
				stats.connectionsOpened(), stats.connectionsClosed(), stats.connectFailures(), stats.goAways(),
				stats.retries(), stats.streamResets(), stats.protocolFallbacks(),
				(failure != null) ? failure.message() : null, (failure != null) ? failure.time() : null,
				stats.goAwaysByCode(), stats.connectFailuresByCause(), stats.durations(),
				pool.addressSnapshots(), stats.goAwaysSentByCode());
	}

	/**
	 * The Jetty client behind the pool, for the reactive connector of this package; never
	 * handed to callers, who would bypass the pool's request path.
	 */
	HttpClient jettyClient() {
		if (!this.httpClient.isStarted()) {
			start();
		}
		return this.httpClient;
	}

	RoutingTransport transport() {
		return this.transport;
	}

	/**
	 * The scheduler that times out requests waiting for a connection.
	 */
	Scheduler scheduler() {
		return this.httpClient.getScheduler();
	}

	/** The deadlines of the responses callers wait for. */
	ResponseTimeouts responseTimeouts() {
		return this.responseTimeouts;
	}

}
