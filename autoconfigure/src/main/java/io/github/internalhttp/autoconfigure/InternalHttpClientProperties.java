package io.github.internalhttp.autoconfigure;

import java.time.Duration;

import io.github.internalhttp.client.Protocol;
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
@ConfigurationProperties("internal.http.client")
public class InternalHttpClientProperties implements Validator {

	private static final int MIN_WINDOW = 65535;

	private static final int MAX_WINDOW = Integer.MAX_VALUE;

	/**
	 * How the HTTP version is chosen: 'auto' negotiates h2 over TLS and uses HTTP/1.1 on
	 * clear text, 'h2c' uses HTTP/2 with prior knowledge on clear text, 'http1' uses
	 * HTTP/1.1 only.
	 */
	private Protocol protocol = Protocol.AUTO;

	/**
	 * Timeout for opening a connection, TLS handshake and HTTP/2 preface included.
	 * Defaults to spring.http.clients.connect-timeout, or 5s when that is not set either.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * How long a pooled connection may stay idle before it is closed.
	 */
	private Duration idleTimeout = Duration.ofSeconds(60);

	/**
	 * How long a request waits for the response headers; the body is then bounded by the
	 * idle timeout only, so long downloads are not cut. Defaults to
	 * spring.http.clients.read-timeout (or a service group's read-timeout), or 10s.
	 */
	private @Nullable Duration responseTimeout;

	/**
	 * Maximum size of the response headers.
	 */
	private DataSize maxResponseHeadersSize = DataSize.ofKilobytes(16);

	private final Pool pool = new Pool();

	private final Http2 http2 = new Http2();

	private final Metrics metrics = new Metrics();

	private final Health health = new Health();

	public Protocol getProtocol() {
		return this.protocol;
	}

	public void setProtocol(Protocol protocol) {
		this.protocol = protocol;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public @Nullable Duration getResponseTimeout() {
		return this.responseTimeout;
	}

	public void setResponseTimeout(@Nullable Duration responseTimeout) {
		this.responseTimeout = responseTimeout;
	}

	public DataSize getMaxResponseHeadersSize() {
		return this.maxResponseHeadersSize;
	}

	public void setMaxResponseHeadersSize(DataSize maxResponseHeadersSize) {
		this.maxResponseHeadersSize = maxResponseHeadersSize;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Http2 getHttp2() {
		return this.http2;
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
		if (properties.getProtocol() == null) {
			errors.rejectValue("protocol", "required", "must be one of auto, h2c, http1");
		}
		requirePositive(errors, "connectTimeout", properties.getConnectTimeout(), true);
		requirePositive(errors, "idleTimeout", properties.getIdleTimeout(), false);
		requirePositive(errors, "responseTimeout", properties.getResponseTimeout(), true);
		requireBetween(errors, "maxResponseHeadersSize", properties.getMaxResponseHeadersSize(), 1024,
				Integer.MAX_VALUE);
		requireAtLeast(errors, "pool.maxConnectionsPerDestination",
				properties.getPool().getMaxConnectionsPerDestination(), 1);
		requireAtLeast(errors, "pool.maxQueuedRequestsPerDestination",
				properties.getPool().getMaxQueuedRequestsPerDestination(), 0);
		Integer maxConcurrentStreams = properties.getHttp2().getMaxConcurrentStreams();
		if (maxConcurrentStreams != null) {
			requireAtLeast(errors, "http2.maxConcurrentStreams", maxConcurrentStreams, 1);
		}
		requireBetween(errors, "http2.initialStreamWindow", properties.getHttp2().getInitialStreamWindow(),
				MIN_WINDOW, MAX_WINDOW);
		requireBetween(errors, "http2.initialSessionWindow", properties.getHttp2().getInitialSessionWindow(),
				MIN_WINDOW, MAX_WINDOW);
		requireAtLeast(errors, "metrics.maxDestinations", properties.getMetrics().getMaxDestinations(), 0);
		requirePositive(errors, "metrics.refreshInterval", properties.getMetrics().getRefreshInterval(), false);
		double saturationThreshold = properties.getHealth().getSaturationThreshold();
		if (!(saturationThreshold > 0 && saturationThreshold <= 1)) {
			errors.rejectValue("health.saturationThreshold", "range", "must be above 0 and at most 1, such as 0.8");
		}
		Duration saturationPeriod = properties.getHealth().getSaturationPeriod();
		if (saturationPeriod == null || saturationPeriod.isNegative()) {
			errors.rejectValue("health.saturationPeriod", "positive", "must be a duration of 0 or more, such as 30s");
		}
		requirePositive(errors, "health.failureWindow", properties.getHealth().getFailureWindow(), false);
	}

	private static void requirePositive(Errors errors, String field, @Nullable Duration value, boolean optional) {
		if (value == null) {
			if (!optional) {
				errors.rejectValue(field, "required", "must be set to a positive duration");
			}
		}
		else if (value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "positive", "must be a positive duration, such as 5s");
		}
	}

	private static void requireAtLeast(Errors errors, String field, int value, int minimum) {
		if (value < minimum) {
			errors.rejectValue(field, "min", "must be at least " + minimum);
		}
	}

	private static void requireBetween(Errors errors, String field, @Nullable DataSize value, long minimum,
			long maximum) {
		if (value == null || value.toBytes() < minimum || value.toBytes() > maximum) {
			errors.rejectValue(field, "range", "must be between " + minimum + " and " + maximum + " bytes");
		}
	}

	/**
	 * Connection pool limits, per destination (scheme, host and port).
	 */
	public static class Pool {

		/**
		 * Maximum connections per destination. An HTTP/2 destination opens another
		 * connection only when every open one is at its stream limit.
		 */
		private int maxConnectionsPerDestination = 64;

		/**
		 * Maximum requests per destination waiting for a connection or a stream; beyond
		 * it requests fail at once with RequestRejectedException.
		 */
		private int maxQueuedRequestsPerDestination = 1024;

		public int getMaxConnectionsPerDestination() {
			return this.maxConnectionsPerDestination;
		}

		public void setMaxConnectionsPerDestination(int maxConnectionsPerDestination) {
			this.maxConnectionsPerDestination = maxConnectionsPerDestination;
		}

		public int getMaxQueuedRequestsPerDestination() {
			return this.maxQueuedRequestsPerDestination;
		}

		public void setMaxQueuedRequestsPerDestination(int maxQueuedRequestsPerDestination) {
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
		 * server may send before the client reads it.
		 */
		private DataSize initialStreamWindow = DataSize.ofMegabytes(8);

		/**
		 * Initial flow-control window of each connection, shared by its streams.
		 */
		private DataSize initialSessionWindow = DataSize.ofMegabytes(16);

		public @Nullable Integer getMaxConcurrentStreams() {
			return this.maxConcurrentStreams;
		}

		public void setMaxConcurrentStreams(@Nullable Integer maxConcurrentStreams) {
			this.maxConcurrentStreams = maxConcurrentStreams;
		}

		public DataSize getInitialStreamWindow() {
			return this.initialStreamWindow;
		}

		public void setInitialStreamWindow(DataSize initialStreamWindow) {
			this.initialStreamWindow = initialStreamWindow;
		}

		public DataSize getInitialSessionWindow() {
			return this.initialSessionWindow;
		}

		public void setInitialSessionWindow(DataSize initialSessionWindow) {
			this.initialSessionWindow = initialSessionWindow;
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
