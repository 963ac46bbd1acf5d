package io.github.internalhttp.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

import static io.github.internalhttp.client.SettingsChecks.between;
import static io.github.internalhttp.client.SettingsChecks.positive;

/**
 * Immutable settings of an {@link InternalHttpClient}, one record per group of
 * {@code internal.http.client.*} properties: these top-level ones, {@link PoolSettings}
 * and {@link Http2Settings}, and the {@link DestinationSettings} of destinations that
 * differ. Start from {@link #defaults()} and derive changed copies with the {@code with*}
 * methods, for example
 * {@code defaults().withProtocol(ProtocolMode.H2C).withPool((pool) -> pool.withMaxConnectionsPerDestination(8))}.
 * Every value is checked when it is set, with a message naming its property, so an
 * instance always holds a usable configuration; every default is defined here and in the
 * two group records, nowhere else.
 *
 * @param protocol how the HTTP version is chosen per destination
 * @param connectTimeout timeout for establishing a connection, TLS and HTTP/2 preface
 * included
 * @param idleTimeout how long a pooled connection may stay idle before it is closed
 * @param responseTimeout how long a request waits for the response headers; the body
 * is then bounded by the idle timeout only
 * @param responseBodyIdleTimeout how long a streaming response body may go unread (no
 * read in progress, not closed) before its exchange is aborted, so that its stream,
 * flow-control window or HTTP/1.1 connection go back to other callers
 * @param maxResponseHeadersSize maximum size of the response headers, in bytes
 * @param protocolMemoryTtl how long a destination found not to speak h2c is remembered
 * as HTTP/1.1 before h2c is tried again
 * @param sslBundle the TLS material and options of {@code https://} destinations (trust,
 * key, enabled protocols, ciphers), applied as Spring Boot applies a bundle to its own
 * Jetty client; {@code null} for the JVM's defaults
 * @param pool the pool's limits and connection lifecycle
 * @param http2 the HTTP/2 stream limit, windows and PING keep-alive
 * @param destinations settings of destinations that differ from the client's
 */
public record InternalHttpClientSettings(ProtocolMode protocol, Duration connectTimeout, Duration idleTimeout,
		Duration responseTimeout, Duration responseBodyIdleTimeout, int maxResponseHeadersSize, Duration protocolMemoryTtl,
		@Nullable SslBundle sslBundle, PoolSettings pool, Http2Settings http2, List<DestinationSettings> destinations) {

	private static final InternalHttpClientSettings DEFAULTS = new InternalHttpClientSettings(ProtocolMode.AUTO,
			Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5), 16 * 1024,
			Duration.ofMinutes(10), null, PoolSettings.defaults(), Http2Settings.defaults(), List.of());

	public InternalHttpClientSettings {
		Objects.requireNonNull(protocol, "internal.http.client.protocol must be one of auto, h2c, http1");
		positive("connect-timeout", connectTimeout);
		positive("idle-timeout", idleTimeout);
		positive("response-timeout", responseTimeout);
		positive("response-body-idle-timeout", responseBodyIdleTimeout);
		between("max-response-headers-size", maxResponseHeadersSize, 1024, Integer.MAX_VALUE);
		positive("protocol-memory-ttl", protocolMemoryTtl);
		Objects.requireNonNull(pool, "pool settings must not be null");
		Objects.requireNonNull(http2, "http2 settings must not be null");
		destinations = List.copyOf(Objects.requireNonNull(destinations, "destinations must not be null"));
	}

	/**
	 * Settings with every default: {@link ProtocolMode#AUTO}, 5s connect, 60s idle, 10s
	 * response, 5s response body idle, 16 KiB response headers, h2c failures remembered 10 minutes, the JVM's
	 * TLS defaults, the {@link PoolSettings#defaults() pool} and
	 * {@link Http2Settings#defaults() HTTP/2} defaults, no per-destination settings.
	 * @return the default settings
	 */
	public static InternalHttpClientSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * The settings of one destination that differ from the client's.
	 * @param host the destination's host, as the request has it
	 * @param port the destination's port
	 * @return its settings, or {@code null} when it has none of its own
	 */
	public @Nullable DestinationSettings destination(String host, int port) {
		for (DestinationSettings destination : this.destinations) {
			if (destination.matches(host, port)) {
				return destination;
			}
		}
		return null;
	}

	/**
	 * The protocol mode in force for a destination: its own, else the client's.
	 * @param host the destination's host, as the request has it
	 * @param port the destination's port
	 * @return the protocol mode
	 */
	public ProtocolMode protocol(String host, int port) {
		DestinationSettings own = destination(host, port);
		return (own != null && own.protocol() != null) ? own.protocol() : this.protocol;
	}

	/**
	 * The connection limit in force for a destination: its own, else the pool's.
	 * @param host the destination's host, as the request has it
	 * @param port the destination's port
	 * @return the connection limit
	 */
	public int maxConnections(String host, int port) {
		DestinationSettings own = destination(host, port);
		return (own != null && own.maxConnections() != null) ? own.maxConnections()
				: this.pool.maxConnectionsPerDestination();
	}

	/**
	 * The cap on streams per HTTP/2 connection in force for a destination: its own, else
	 * the client's.
	 * @param host the destination's host, as the request has it
	 * @param port the destination's port
	 * @return the cap, 0 for the server's limit
	 */
	public int maxConcurrentStreams(String host, int port) {
		DestinationSettings own = destination(host, port);
		Integer cap = (own != null && own.maxConcurrentStreams() != null) ? own.maxConcurrentStreams()
				: this.http2.maxConcurrentStreams();
		return (cap != null) ? cap : 0;
	}

	/**
	 * Whether a destination spreads its requests over every address its host name
	 * resolves to: its own setting, else the pool's.
	 * @param host the destination's host, as the request has it
	 * @param port the destination's port
	 * @return whether it spreads
	 */
	public boolean addressSpreading(String host, int port) {
		DestinationSettings own = destination(host, port);
		return (own != null && own.addressSpreading() != null) ? own.addressSpreading()
				: this.pool.addressSpreading();
	}

	public InternalHttpClientSettings withProtocol(ProtocolMode protocol) {
		return new InternalHttpClientSettings(protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, this.pool,
				this.http2, this.destinations);
	}

	public InternalHttpClientSettings withConnectTimeout(Duration connectTimeout) {
		return new InternalHttpClientSettings(this.protocol, connectTimeout, this.idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, this.pool,
				this.http2, this.destinations);
	}

	public InternalHttpClientSettings withIdleTimeout(Duration idleTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, this.pool,
				this.http2, this.destinations);
	}

	public InternalHttpClientSettings withResponseTimeout(Duration responseTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, this.pool,
				this.http2, this.destinations);
	}

	public InternalHttpClientSettings withResponseBodyIdleTimeout(Duration responseBodyIdleTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout,
				responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, this.pool,
				this.http2, this.destinations);
	}

	public InternalHttpClientSettings withMaxResponseHeadersSize(int maxResponseHeadersSize) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, this.pool,
				this.http2, this.destinations);
	}

	public InternalHttpClientSettings withProtocolMemoryTtl(Duration protocolMemoryTtl) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, protocolMemoryTtl, this.sslBundle, this.pool,
				this.http2, this.destinations);
	}

	public InternalHttpClientSettings withSslBundle(@Nullable SslBundle sslBundle) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, sslBundle, this.pool,
				this.http2, this.destinations);
	}

	public InternalHttpClientSettings withPool(PoolSettings pool) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, pool,
				this.http2, this.destinations);
	}

	/**
	 * Settings with changed pool settings.
	 * @param change derives the new pool settings from the current ones
	 * @return the new settings
	 */
	public InternalHttpClientSettings withPool(UnaryOperator<PoolSettings> change) {
		return withPool(change.apply(this.pool));
	}

	public InternalHttpClientSettings withHttp2(Http2Settings http2) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, this.pool,
				http2, this.destinations);
	}

	/**
	 * Settings with changed HTTP/2 settings.
	 * @param change derives the new HTTP/2 settings from the current ones
	 * @return the new settings
	 */
	public InternalHttpClientSettings withHttp2(UnaryOperator<Http2Settings> change) {
		return withHttp2(change.apply(this.http2));
	}

	public InternalHttpClientSettings withDestinations(List<DestinationSettings> destinations) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout,
				this.responseBodyIdleTimeout, this.maxResponseHeadersSize, this.protocolMemoryTtl, this.sslBundle, this.pool,
				this.http2, destinations);
	}

}
