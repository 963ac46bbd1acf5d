package io.github.internalhttp.client;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Settings for one destination that differ from the client's, for fleets where some
 * services speak h2c and others do not, or need other limits.
 *
 * @param host the destination's host, as written in request URLs
 * @param port the destination's port
 * @param protocol how the destination's HTTP version is chosen, {@code null} for the
 * client's
 * @param maxConnections the destination's connection limit, 0 for the client's
 * @param maxConcurrentStreams the destination's cap on streams per HTTP/2 connection, 0
 * for the client's
 */
public record DestinationSettings(String host, int port, @Nullable ProtocolMode protocol, int maxConnections,
		int maxConcurrentStreams) {

	public DestinationSettings {
		Objects.requireNonNull(host, "host must not be null");
		if (host.isBlank()) {
			throw new IllegalArgumentException("host must not be blank");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535 but was " + port);
		}
		if (maxConnections < 0) {
			throw new IllegalArgumentException("maxConnections must not be negative but was " + maxConnections);
		}
		if (maxConcurrentStreams < 0) {
			throw new IllegalArgumentException(
					"maxConcurrentStreams must not be negative but was " + maxConcurrentStreams);
		}
	}

	/**
	 * Whether these settings apply to a destination.
	 * @param host the destination's host
	 * @param port the destination's port
	 * @return whether host and port match, host ignoring case
	 */
	public boolean matches(String host, int port) {
		return this.port == port && this.host.equalsIgnoreCase(host);
	}

}
