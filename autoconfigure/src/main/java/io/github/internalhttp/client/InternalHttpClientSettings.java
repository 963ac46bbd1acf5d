package io.github.internalhttp.client;

import java.time.Duration;
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
 */
public record InternalHttpClientSettings(Protocol protocol, Duration connectTimeout, Duration idleTimeout,
		Duration responseTimeout, int maxConnectionsPerDestination, int maxQueuedRequestsPerDestination,
		int maxConcurrentStreams, int initialStreamWindow, int initialSessionWindow, int maxResponseHeadersSize,
		@Nullable SSLContext sslContext) {

	private static final InternalHttpClientSettings DEFAULTS = new InternalHttpClientSettings(Protocol.AUTO,
			Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10), 64, 1024, 0, 8 * 1024 * 1024,
			16 * 1024 * 1024, 16 * 1024, null);

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
	}

	/**
	 * Settings with every default: {@link Protocol#AUTO}, 5s connect, 60s idle, 10s
	 * response, 64 connections and 1024 queued requests per destination, the server's
	 * stream limit, 8 MiB stream and 16 MiB session windows, 16 KiB response headers.
	 * @return the default settings
	 */
	public static InternalHttpClientSettings defaults() {
		return DEFAULTS;
	}

	public InternalHttpClientSettings withProtocol(Protocol protocol) {
		return new InternalHttpClientSettings(protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withConnectTimeout(Duration connectTimeout) {
		return new InternalHttpClientSettings(this.protocol, connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withIdleTimeout(Duration idleTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withResponseTimeout(Duration responseTimeout) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withMaxConnectionsPerDestination(int maxConnectionsPerDestination) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withMaxQueuedRequestsPerDestination(int maxQueuedRequestsPerDestination) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withMaxConcurrentStreams(int maxConcurrentStreams) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withInitialStreamWindow(int initialStreamWindow) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withInitialSessionWindow(int initialSessionWindow) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, initialSessionWindow, this.maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withMaxResponseHeadersSize(int maxResponseHeadersSize) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, maxResponseHeadersSize, this.sslContext);
	}

	public InternalHttpClientSettings withSslContext(@Nullable SSLContext sslContext) {
		return new InternalHttpClientSettings(this.protocol, this.connectTimeout, this.idleTimeout, this.responseTimeout, this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow, this.maxResponseHeadersSize, sslContext);
	}

	private static void requirePositive(String name, Duration value) {
		Objects.requireNonNull(value, () -> name + " must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
	}

	private static void requireAtLeast(String name, int value, int minimum) {
		if (value < minimum) {
			throw new IllegalArgumentException(name + " must be at least " + minimum + " but was " + value);
		}
	}

}
