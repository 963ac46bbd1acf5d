package io.github.internalhttp.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of an {@link InternalHttpClient}. Start from {@link #defaults()} and
 * derive changed copies with the {@code with*} methods; every value is checked when it
 * is set, so an instance always holds a usable configuration.
 *
 * @param protocol how the HTTP version is chosen per destination
 * @param connectTimeout timeout for establishing a connection, TLS and HTTP/2 preface
 * included
 * @param idleTimeout how long a pooled connection may stay idle before it is closed
 * @param responseTimeout how long a request waits for the response headers; the body
 * is then bounded by the idle timeout only
 * @param maxConnectionsPerDestination maximum connections per destination
 * @param maxQueuedRequestsPerDestination maximum requests waiting for a connection per
 * destination, beyond which requests fail fast
 * @param maxConcurrentStreams client cap on concurrent HTTP/2 streams per connection, 0
 * to use what the server advertises
 * @param initialStreamWindow initial HTTP/2 flow-control window of a stream, in bytes
 * @param initialSessionWindow initial HTTP/2 flow-control window of a connection, in
 * bytes
 * @param maxResponseHeadersSize maximum size of the response headers, in bytes
 * @param sslContext the TLS context of {@code https://} destinations, {@code null} for
 * the JVM's default trust store
 * @param protocolMemoryTtl how long a destination found not to speak h2c is remembered
 * as HTTP/1.1 before h2c is tried again
 * @param acquireTimeout how long a request may wait for a connection or a stream,
 * {@code null} to be bounded by the response timeout only
 * @param maxConnectionAge age after which a connection takes no new requests and closes
 * once idle, {@code null} for no limit
 * @param maxConnectionAgeJitter up to how much earlier than the maximum age a connection
 * may retire, so that connections opened together do not retire together
 * @param maxRequestsPerConnection requests after which a connection is retired, 0 for no
 * limit
 * @param destinationIdleTimeout how long a destination with no connection and no request
 * is kept, {@code null} to keep destinations forever
 * @param pingInterval how often an idle HTTP/2 connection is checked with a PING,
 * {@code null} for never
 * @param pingTimeout how long a PING may go unanswered before its connection is evicted
 * @param destinations settings of destinations that differ from the client's
 */
public record InternalHttpClientSettings(ProtocolMode protocol, Duration connectTimeout, Duration idleTimeout, Duration responseTimeout, int maxConnectionsPerDestination, int maxQueuedRequestsPerDestination, int maxConcurrentStreams, int initialStreamWindow, int initialSessionWindow, int maxResponseHeadersSize, @Nullable SSLContext sslContext, Duration protocolMemoryTtl, @Nullable Duration acquireTimeout, @Nullable Duration maxConnectionAge, Duration maxConnectionAgeJitter, int maxRequestsPerConnection, @Nullable Duration destinationIdleTimeout, @Nullable Duration pingInterval, Duration pingTimeout, List<DestinationSettings> destinations) {

	private static final InternalHttpClientSettings DEFAULTS = new InternalHttpClientSettings(ProtocolMode.AUTO,
			Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10), 64, 1024, 0, 8 * 1024 * 1024,
			16 * 1024 * 1024, 16 * 1024, null, Duration.ofMinutes(10), null, null, Duration.ZERO, 0,
			Duration.ofMinutes(10), null, Duration.ofSeconds(10), List.of());

	public InternalHttpClientSettings {
		Objects.requireNonNull(protocol, "protocol must not be null");
		requirePositive("connectTimeout", connectTimeout);
		requirePositive("idleTimeout", idleTimeout);
		requirePositive("responseTimeout", responseTimeout);
		requireAtLeast("maxConnectionsPerDestination", maxConnectionsPerDestination, 1);
		requireAtLeast("maxQueuedRequestsPerDestination", maxQueuedRequestsPerDestination, 0);
		requireAtLeast("maxConcurrentStreams", maxConcurrentStreams, 0);
		// RFC 9113 section 6.9.2: a window below 65535 cannot be announced at the preface.
		requireAtLeast("initialStreamWindow", initialStreamWindow, 65535);
		requireAtLeast("initialSessionWindow", initialSessionWindow, 65535);
		requireAtLeast("maxResponseHeadersSize", maxResponseHeadersSize, 1024);
		requirePositive("protocolMemoryTtl", protocolMemoryTtl);
		requirePositiveIfSet("acquireTimeout", acquireTimeout);
		requirePositiveIfSet("maxConnectionAge", maxConnectionAge);
		Objects.requireNonNull(maxConnectionAgeJitter, "maxConnectionAgeJitter must not be null");
		if (maxConnectionAgeJitter.isNegative()) {
			throw new IllegalArgumentException("maxConnectionAgeJitter must not be negative but was "
					+ maxConnectionAgeJitter);
		}
		if (maxConnectionAge != null && maxConnectionAgeJitter.compareTo(maxConnectionAge) >= 0) {
			throw new IllegalArgumentException("maxConnectionAgeJitter must be less than maxConnectionAge ("
					+ maxConnectionAge + ") but was " + maxConnectionAgeJitter);
		}
		requireAtLeast("maxRequestsPerConnection", maxRequestsPerConnection, 0);
		requirePositiveIfSet("destinationIdleTimeout", destinationIdleTimeout);
		requirePositiveIfSet("pingInterval", pingInterval);
		requirePositive("pingTimeout", pingTimeout);
		destinations = List.copyOf(Objects.requireNonNull(destinations, "destinations must not be null"));
	}

	/**
	 * The settings of a destination that differ from the client's, if any.
	 * @param host the destination's host
	 * @param port the destination's port
	 * @return the destination's own settings, or {@code null}
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
	 * Settings with every default: {@link ProtocolMode#AUTO}, 5s connect, 60s idle, 10s
	 * response, 64 connections and 1024 queued requests per destination, the server's
	 * stream limit, 8 MiB stream and 16 MiB session windows, 16 KiB response headers, the
	 * JVM's trust store, 10m protocol memory, no acquire timeout, no connection age or
	 * request limit, destinations dropped after 10m idle, no PING, no per-destination
	 * settings.
	 * @return the default settings
	 */
	public static InternalHttpClientSettings defaults() {
		return DEFAULTS;
	}

	public InternalHttpClientSettings withProtocol(ProtocolMode protocol) {
		return new InternalHttpClientSettings(protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withConnectTimeout(Duration connectTimeout) {
		return new InternalHttpClientSettings(this.protocol, connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withIdleTimeout(Duration idleTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withResponseTimeout(Duration responseTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withMaxConnectionsPerDestination(int maxConnectionsPerDestination) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withMaxQueuedRequestsPerDestination(int maxQueuedRequestsPerDestination) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withMaxConcurrentStreams(int maxConcurrentStreams) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withInitialStreamWindow(int initialStreamWindow) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withInitialSessionWindow(int initialSessionWindow) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withMaxResponseHeadersSize(int maxResponseHeadersSize) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withSslContext(@Nullable SSLContext sslContext) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withProtocolMemoryTtl(Duration protocolMemoryTtl) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withAcquireTimeout(@Nullable Duration acquireTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withMaxConnectionAge(@Nullable Duration maxConnectionAge) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withMaxConnectionAgeJitter(Duration maxConnectionAgeJitter) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withMaxRequestsPerConnection(int maxRequestsPerConnection) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withDestinationIdleTimeout(@Nullable Duration destinationIdleTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, destinationIdleTimeout, this.pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withPingInterval(@Nullable Duration pingInterval) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, pingInterval, this.pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withPingTimeout(Duration pingTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, pingTimeout, this.destinations);
	}

	public InternalHttpClientSettings withDestinations(List<DestinationSettings> destinations) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext, this.protocolMemoryTtl, this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout, this.pingInterval, this.pingTimeout, destinations);
	}

	private static void requirePositive(String name, Duration value) {
		Objects.requireNonNull(value, () -> name + " must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
	}

	private static void requirePositiveIfSet(String name, @Nullable Duration value) {
		if (value != null) {
			requirePositive(name, value);
		}
	}

	private static void requireAtLeast(String name, int value, int minimum) {
		if (value < minimum) {
			throw new IllegalArgumentException(name + " must be at least " + minimum + " but was " + value);
		}
	}

}
