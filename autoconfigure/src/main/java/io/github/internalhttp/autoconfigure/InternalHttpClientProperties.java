package io.github.internalhttp.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.ProtocolMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the shared internal HTTP client. The properties validate
 * themselves, so an invalid value fails startup with the property's name and what it
 * allows.
 */
@ConfigurationProperties(InternalHttpClientProperties.PREFIX)
public class InternalHttpClientProperties implements Validator {

	/** The prefix of every property of the client. */
	public static final String PREFIX = "internal.http.client";

	/**
	 * Whether the starter is on; when false, Spring Boot's own HTTP clients are
	 * configured as without it.
	 */
	private boolean enabled = true;

	/**
	 * How the HTTP version is chosen: 'auto' negotiates h2 over TLS and uses HTTP/1.1 on
	 * clear text, 'h2c' uses HTTP/2 with prior knowledge on clear text, 'http1' uses
	 * HTTP/1.1 only. Defaults to auto.
	 */
	private @Nullable ProtocolMode protocol;

	/**
	 * Timeout for opening a connection, TLS handshake and HTTP/2 preface included.
	 * Defaults to spring.http.clients.connect-timeout, or 5s when that is not set either; a
	 * service group's own connect-timeout gives that group a shared client with it.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * How long a pooled connection may stay idle before it is closed. Defaults to 60s.
	 */
	private @Nullable Duration idleTimeout;

	/**
	 * How long a request waits for the response headers; the body is then bounded by the
	 * idle timeout only, so long downloads are not cut. Defaults to
	 * spring.http.clients.read-timeout, or 10s; a service group's own read-timeout beats
	 * it for that group.
	 */
	private @Nullable Duration responseTimeout;

	/**
	 * How long a streamed response body may go unread (no read in progress) and unclosed
	 * before it is taken from its caller: drained up to 4MB, else aborted, so that its
	 * HTTP/2 flow-control window and stream, or its HTTP/1.1 connection, go back to other
	 * requests. The caller's next read fails. Defaults to 5s.
	 */
	private @Nullable Duration responseBodyIdleTimeout;

	/**
	 * Maximum size of the response headers. Defaults to 16KB.
	 */
	private @Nullable DataSize maxResponseHeadersSize;

	/**
	 * How long a destination found not to speak h2c is remembered as HTTP/1.1 before
	 * h2c is tried again, so that a server that gains h2c support is picked up. Defaults to 10m.
	 */
	private @Nullable Duration protocolMemoryTtl;

	/**
	 * Destinations whose settings differ from the client's, each with its address
	 * (host:port) and the settings it overrides.
	 */
	private List<Destination> destinations = new ArrayList<>();

	private final Pool pool = new Pool();

	private final Http2 http2 = new Http2();

	private final Ssl ssl = new Ssl();

	private final Prewarm prewarm = new Prewarm();

	private final Metrics metrics = new Metrics();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable ProtocolMode getProtocol() {
		return this.protocol;
	}

	public void setProtocol(@Nullable ProtocolMode protocol) {
		this.protocol = protocol;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public @Nullable Duration getResponseTimeout() {
		return this.responseTimeout;
	}

	public void setResponseTimeout(@Nullable Duration responseTimeout) {
		this.responseTimeout = responseTimeout;
	}

	public @Nullable Duration getResponseBodyIdleTimeout() {
		return this.responseBodyIdleTimeout;
	}

	public void setResponseBodyIdleTimeout(@Nullable Duration responseBodyIdleTimeout) {
		this.responseBodyIdleTimeout = responseBodyIdleTimeout;
	}

	public @Nullable DataSize getMaxResponseHeadersSize() {
		return this.maxResponseHeadersSize;
	}

	public void setMaxResponseHeadersSize(@Nullable DataSize maxResponseHeadersSize) {
		this.maxResponseHeadersSize = maxResponseHeadersSize;
	}

	public @Nullable Duration getProtocolMemoryTtl() {
		return this.protocolMemoryTtl;
	}

	public void setProtocolMemoryTtl(@Nullable Duration protocolMemoryTtl) {
		this.protocolMemoryTtl = protocolMemoryTtl;
	}

	public List<Destination> getDestinations() {
		return this.destinations;
	}

	public void setDestinations(List<Destination> destinations) {
		this.destinations = destinations;
	}

	public Prewarm getPrewarm() {
		return this.prewarm;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Http2 getHttp2() {
		return this.http2;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Health getHealth() {
		return this.health;
	}

	@Override
	public boolean supports(Class<?> type) {
		return InternalHttpClientProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		InternalHttpClientProperties properties = (InternalHttpClientProperties) target;
		// The client's settings are checked by the settings records they map to, once;
		// what is checked here is the starter's own: destinations, prewarm, metrics, health.
		for (int i = 0; i < properties.getDestinations().size(); i++) {
			properties.getDestinations().get(i).validate(errors, "destinations[" + i + "]");
		}
		for (int i = 0; i < properties.getPrewarm().getDestinations().size(); i++) {
			properties.getPrewarm().getDestinations().get(i).validate(errors, "prewarm.destinations[" + i + "]");
		}
		requirePositive(errors, "prewarm.wait", properties.getPrewarm().getWait(), true);
		requireAtLeast(errors, "metrics.maxDestinations", properties.getMetrics().getMaxDestinations(), 0);
		requirePositive(errors, "metrics.refreshInterval", properties.getMetrics().getRefreshInterval(), false);
		double saturationThreshold = properties.getHealth().getSaturationThreshold();
		if (!(saturationThreshold > 0 && saturationThreshold <= 1)) {
			reject(errors, "health.saturationThreshold", "range", "must be above 0 and at most 1, such as 0.8");
		}
		Duration saturationPeriod = properties.getHealth().getSaturationPeriod();
		if (saturationPeriod == null || saturationPeriod.isNegative()) {
			reject(errors, "health.saturationPeriod", "positive", "must be a duration of 0 or more, such as 30s");
		}
		requirePositive(errors, "health.failureWindow", properties.getHealth().getFailureWindow(), false);
	}

	private static void requirePositive(Errors errors, String field, @Nullable Duration value, boolean optional) {
		if (value == null) {
			if (!optional) {
				reject(errors, field, "required", "must be set to a positive duration");
			}
		}
		else if (value.isNegative() || value.isZero()) {
			reject(errors, field, "positive", "must be a positive duration, such as 5s, but was " + value);
		}
	}

	private static void requireAtLeast(Errors errors, String field, int value, int minimum) {
		if (value < minimum) {
			reject(errors, field, "min", "must be at least " + minimum + " but was " + value);
		}
	}

	/**
	 * Reject a field with a message that names the property as users write it, so that
	 * the startup failure reads the same whether it is printed by Spring Boot's failure
	 * analyzer or found in an exception's message.
	 */
	private static void reject(Errors errors, String field, String code, String message) {
		String property = PREFIX + "." + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
		errors.rejectValue(field, code, property + " " + message);
	}

	/**
	 * Connection pool limits, per destination (scheme, host and port).
	 */
	public static class Pool {

		/**
		 * Maximum connections per destination. An HTTP/2 destination opens another
		 * connection only when every open one is at its stream limit. Defaults to 64.
		 */
		private @Nullable Integer maxConnectionsPerDestination;

		/**
		 * Maximum requests per destination waiting for a connection or a stream; beyond
		 * it requests fail at once with RequestRejectedException. Defaults to 1024.
		 */
		private @Nullable Integer maxQueuedRequestsPerDestination;

		/**
		 * How long a request may wait for a connection or a stream before it fails with
		 * RequestRejectedException; when not set the wait is bounded by the response
		 * timeout only.
		 */
		private @Nullable Duration acquireTimeout;

		/**
		 * Age after which a connection takes no new requests and closes once its
		 * requests complete, so that long-lived connections rebalance across the backends
		 * behind a load balancer. No limit when not set.
		 */
		private @Nullable Duration maxConnectionAge;

		/**
		 * Up to how much earlier than max-connection-age a connection may retire, chosen
		 * at random per connection, so that connections opened together do not retire
		 * together. Defaults to 0.
		 */
		private @Nullable Duration maxConnectionAgeJitter;

		/**
		 * Requests after which a connection is retired; 0 for no limit. Defaults to 0, no limit.
		 */
		private @Nullable Integer maxRequestsPerConnection;

		/**
		 * How long a destination with no connection and no request is kept before it is
		 * dropped, with its metrics. Defaults to 10m.
		 */
		private @Nullable Duration destinationIdleTimeout;

		/**
		 * Whether a destination whose host name resolves to several addresses keeps
		 * connections to each of them and spreads its requests over them. Defaults to
		 * true.
		 */
		private @Nullable Boolean addressSpreadingEnabled;

		/**
		 * Connections a spreading destination keeps to each of its addresses. Defaults
		 * to 1.
		 */
		private @Nullable Integer connectionsPerAddress;

		/**
		 * How often the host name of a spreading destination is resolved again: new
		 * addresses get connections, connections to addresses no longer listed are
		 * drained. Defaults to 30s.
		 */
		private @Nullable Duration addressRefreshInterval;

		public @Nullable Boolean getAddressSpreadingEnabled() {
			return this.addressSpreadingEnabled;
		}

		public void setAddressSpreadingEnabled(@Nullable Boolean addressSpreadingEnabled) {
			this.addressSpreadingEnabled = addressSpreadingEnabled;
		}

		public @Nullable Integer getConnectionsPerAddress() {
			return this.connectionsPerAddress;
		}

		public void setConnectionsPerAddress(@Nullable Integer connectionsPerAddress) {
			this.connectionsPerAddress = connectionsPerAddress;
		}

		public @Nullable Duration getAddressRefreshInterval() {
			return this.addressRefreshInterval;
		}

		public void setAddressRefreshInterval(@Nullable Duration addressRefreshInterval) {
			this.addressRefreshInterval = addressRefreshInterval;
		}

		public @Nullable Duration getAcquireTimeout() {
			return this.acquireTimeout;
		}

		public void setAcquireTimeout(@Nullable Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
		}

		public @Nullable Duration getMaxConnectionAge() {
			return this.maxConnectionAge;
		}

		public void setMaxConnectionAge(@Nullable Duration maxConnectionAge) {
			this.maxConnectionAge = maxConnectionAge;
		}

		public @Nullable Duration getMaxConnectionAgeJitter() {
			return this.maxConnectionAgeJitter;
		}

		public void setMaxConnectionAgeJitter(@Nullable Duration maxConnectionAgeJitter) {
			this.maxConnectionAgeJitter = maxConnectionAgeJitter;
		}

		public @Nullable Integer getMaxRequestsPerConnection() {
			return this.maxRequestsPerConnection;
		}

		public void setMaxRequestsPerConnection(@Nullable Integer maxRequestsPerConnection) {
			this.maxRequestsPerConnection = maxRequestsPerConnection;
		}

		public @Nullable Duration getDestinationIdleTimeout() {
			return this.destinationIdleTimeout;
		}

		public void setDestinationIdleTimeout(@Nullable Duration destinationIdleTimeout) {
			this.destinationIdleTimeout = destinationIdleTimeout;
		}

		public @Nullable Integer getMaxConnectionsPerDestination() {
			return this.maxConnectionsPerDestination;
		}

		public void setMaxConnectionsPerDestination(@Nullable Integer maxConnectionsPerDestination) {
			this.maxConnectionsPerDestination = maxConnectionsPerDestination;
		}

		public @Nullable Integer getMaxQueuedRequestsPerDestination() {
			return this.maxQueuedRequestsPerDestination;
		}

		public void setMaxQueuedRequestsPerDestination(@Nullable Integer maxQueuedRequestsPerDestination) {
			this.maxQueuedRequestsPerDestination = maxQueuedRequestsPerDestination;
		}

	}

	/**
	 * HTTP/2 settings, for h2c and h2 destinations.
	 */
	public static class Http2 {

		/**
		 * Client cap on concurrent streams per connection; the server's
		 * SETTINGS_MAX_CONCURRENT_STREAMS applies when it is lower or when this is not
		 * set.
		 */
		private @Nullable Integer maxConcurrentStreams;

		/**
		 * Initial flow-control window of each stream: how much of a response body the
		 * server may send before the client reads it. Defaults to 8MB.
		 */
		private @Nullable DataSize initialStreamWindow;

		/**
		 * Initial flow-control window of each connection, shared by its streams. Defaults to 16MB.
		 */
		private @Nullable DataSize initialSessionWindow;

		/**
		 * How often an idle HTTP/2 connection is checked with a PING, so that a dead peer
		 * is found before a request hits it. Off when not set.
		 */
		private @Nullable Duration pingInterval;

		/**
		 * How long a PING may go unanswered before its connection is evicted. Defaults to 10s.
		 */
		private @Nullable Duration pingTimeout;

		public @Nullable Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(@Nullable Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public @Nullable Duration getPingTimeout() {
			return this.pingTimeout;
		}

		public void setPingTimeout(@Nullable Duration pingTimeout) {
			this.pingTimeout = pingTimeout;
		}

		public @Nullable Integer getMaxConcurrentStreams() {
			return this.maxConcurrentStreams;
		}

		public void setMaxConcurrentStreams(@Nullable Integer maxConcurrentStreams) {
			this.maxConcurrentStreams = maxConcurrentStreams;
		}

		public @Nullable DataSize getInitialStreamWindow() {
			return this.initialStreamWindow;
		}

		public void setInitialStreamWindow(@Nullable DataSize initialStreamWindow) {
			this.initialStreamWindow = initialStreamWindow;
		}

		public @Nullable DataSize getInitialSessionWindow() {
			return this.initialSessionWindow;
		}

		public void setInitialSessionWindow(@Nullable DataSize initialSessionWindow) {
			this.initialSessionWindow = initialSessionWindow;
		}

	}

	/**
	 * TLS settings of the shared client, for https:// destinations.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust and key material the
		 * default shared client uses. Defaults to spring.http.clients.ssl.bundle, or the
		 * JVM's default trust store when neither is set.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Settings of one destination that differ from the client's.
	 */
	public static class Destination {

		/**
		 * Host and port of the destination, such as orders:8080.
		 */
		private @Nullable String address;

		/**
		 * How the destination's HTTP version is chosen; the client's protocol when not
		 * set.
		 */
		private @Nullable ProtocolMode protocol;

		/**
		 * Maximum connections to the destination; the client's limit when not set.
		 */
		private @Nullable Integer maxConnections;

		/**
		 * Cap on concurrent streams per HTTP/2 connection to the destination; the
		 * client's when not set.
		 */
		private @Nullable Integer maxConcurrentStreams;

		/**
		 * Whether the destination's requests are spread over every address its host
		 * name resolves to; the client's pool.address-spreading-enabled when not set.
		 */
		private @Nullable Boolean addressSpreadingEnabled;

		public @Nullable Boolean getAddressSpreadingEnabled() {
			return this.addressSpreadingEnabled;
		}

		public void setAddressSpreadingEnabled(@Nullable Boolean addressSpreadingEnabled) {
			this.addressSpreadingEnabled = addressSpreadingEnabled;
		}

		public @Nullable String getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable String address) {
			this.address = address;
		}

		public @Nullable ProtocolMode getProtocol() {
			return this.protocol;
		}

		public void setProtocol(@Nullable ProtocolMode protocol) {
			this.protocol = protocol;
		}

		public @Nullable Integer getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(@Nullable Integer maxConnections) {
			this.maxConnections = maxConnections;
		}

		public @Nullable Integer getMaxConcurrentStreams() {
			return this.maxConcurrentStreams;
		}

		public void setMaxConcurrentStreams(@Nullable Integer maxConcurrentStreams) {
			this.maxConcurrentStreams = maxConcurrentStreams;
		}

		void validate(Errors errors, String path) {
			if (DestinationId.parse("http", this.address) == null) {
				reject(errors, path + ".address", "format",
						"must be host:port with a port from 1 to 65535, such as orders:8080");
			}
			if (this.maxConnections != null) {
				requireAtLeast(errors, path + ".maxConnections", this.maxConnections, 1);
			}
			if (this.maxConcurrentStreams != null) {
				requireAtLeast(errors, path + ".maxConcurrentStreams", this.maxConcurrentStreams, 1);
			}
		}

	}

	/**
	 * Connections opened at startup, so that the first burst of calls pays no
	 * handshake.
	 */
	public static class Prewarm {

		/**
		 * Destinations to connect to at startup, each with its URL and connection count.
		 */
		private List<PrewarmDestination> destinations = new ArrayList<>();

		/**
		 * How long startup waits for the prewarmed connections and warm-up requests;
		 * startup does not wait when not set. A destination that cannot be reached is
		 * logged, never fatal.
		 */
		private @Nullable Duration wait;

		public List<PrewarmDestination> getDestinations() {
			return this.destinations;
		}

		public void setDestinations(List<PrewarmDestination> destinations) {
			this.destinations = destinations;
		}

		public @Nullable Duration getWait() {
			return this.wait;
		}

		public void setWait(@Nullable Duration wait) {
			this.wait = wait;
		}

	}

	/**
	 * A destination to connect to at startup.
	 */
	public static class PrewarmDestination {

		/**
		 * URL of the destination, such as http://orders:8080/ping; its scheme, host and
		 * port name the destination, and warm-up requests GET the whole URL.
		 */
		private @Nullable URI url;

		/**
		 * Connections to open; one is enough for an HTTP/2 destination.
		 */
		private int connections = 1;

		/**
		 * GET requests sent to the URL through RestClient once the connections are open,
		 * so that the JIT compiles the request path before the application takes traffic.
		 */
		private int warmupRequests = 0;

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public int getConnections() {
			return this.connections;
		}

		public void setConnections(int connections) {
			this.connections = connections;
		}

		public int getWarmupRequests() {
			return this.warmupRequests;
		}

		public void setWarmupRequests(int warmupRequests) {
			this.warmupRequests = warmupRequests;
		}

		void validate(Errors errors, String path) {
			if (this.url == null || this.url.getHost() == null
					|| !("http".equals(this.url.getScheme()) || "https".equals(this.url.getScheme()))) {
				reject(errors, path + ".url", "format", "must be an http:// or https:// URL with a host");
			}
			requireAtLeast(errors, path + ".connections", this.connections, 1);
			requireAtLeast(errors, path + ".warmupRequests", this.warmupRequests, 0);
		}

	}

	/**
	 * Micrometer metrics of the client, when a MeterRegistry is available.
	 */
	public static class Metrics {

		/**
		 * Maximum number of destinations with a 'destination' tag of their own, in order
		 * of appearance; the others are aggregated under destination=other.
		 */
		private int maxDestinations = 100;

		/**
		 * How often meters of new destinations are registered and those of destinations
		 * that went away removed.
		 */
		private Duration refreshInterval = Duration.ofSeconds(5);

		public int getMaxDestinations() {
			return this.maxDestinations;
		}

		public void setMaxDestinations(int maxDestinations) {
			this.maxDestinations = maxDestinations;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

	/**
	 * The 'internalHttp' health contributor, when Spring Boot's health support is
	 * available.
	 */
	public static class Health {

		/**
		 * Fraction of pool.max-queued-requests-per-destination at or above which a
		 * destination's queue counts as saturated.
		 */
		private double saturationThreshold = 0.8;

		/**
		 * How long a destination's queue must stay saturated before the destination is
		 * reported SATURATED.
		 */
		private Duration saturationPeriod = Duration.ofSeconds(30);

		/**
		 * How recent a connection failure must be, with no connection open, for its
		 * destination to be reported DOWN.
		 */
		private Duration failureWindow = Duration.ofMinutes(1);

		/**
		 * Whether a destination reported DOWN or SATURATED makes the whole contributor
		 * DOWN; by default one bad backend does not take the application down.
		 */
		private boolean downWhenDestinationUnhealthy;

		public double getSaturationThreshold() {
			return this.saturationThreshold;
		}

		public void setSaturationThreshold(double saturationThreshold) {
			this.saturationThreshold = saturationThreshold;
		}

		public Duration getSaturationPeriod() {
			return this.saturationPeriod;
		}

		public void setSaturationPeriod(Duration saturationPeriod) {
			this.saturationPeriod = saturationPeriod;
		}

		public Duration getFailureWindow() {
			return this.failureWindow;
		}

		public void setFailureWindow(Duration failureWindow) {
			this.failureWindow = failureWindow;
		}

		public boolean isDownWhenDestinationUnhealthy() {
			return this.downWhenDestinationUnhealthy;
		}

		public void setDownWhenDestinationUnhealthy(boolean downWhenDestinationUnhealthy) {
			this.downWhenDestinationUnhealthy = downWhenDestinationUnhealthy;
		}

	}

}
