package io.github.internalhttp.client;

import java.util.Locale;
import java.util.Objects;

import org.eclipse.jetty.util.HostPort;

import org.jspecify.annotations.Nullable;

/**
 * Settings for one destination that differ from the client's, for fleets where some
 * services speak h2c and others do not, or need other limits.
 *
 * @param host the destination's host, as written in request URLs (case does not matter; an
 * IPv6 address with or without brackets)
 * @param port the destination's port
 * @param protocol how the destination's HTTP version is chosen, {@code null} for the
 * client's
 * @param maxConnections the destination's connection limit, {@code null} for the client's
 * @param maxConcurrentStreams the destination's cap on streams per HTTP/2 connection,
 * {@code null} for the client's
 * @param addressSpreading whether the destination's requests are spread over every
 * address its host name resolves to, {@code null} for the client's
 */
public record DestinationSettings(String host, int port, @Nullable ProtocolMode protocol,
		@Nullable Integer maxConnections, @Nullable Integer maxConcurrentStreams,
		@Nullable Boolean addressSpreading) {

	public DestinationSettings {
		Objects.requireNonNull(host, "host must not be null");
		if (host.isBlank()) {
			throw new IllegalArgumentException("host must not be blank");
		}
		// As DestinationId keeps it: lower-case, an IPv6 address in brackets, the way
		// Jetty's requests carry it.
		host = HostPort.normalizeHost(host.toLowerCase(Locale.ROOT));
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535 but was " + port);
		}
		if (maxConnections != null) {
			SettingsChecks.atLeast("destinations[].max-connections", maxConnections, 1);
		}
		if (maxConcurrentStreams != null) {
			SettingsChecks.atLeast("destinations[].max-concurrent-streams", maxConcurrentStreams, 1);
		}
	}

	/**
	 * Settings that leave address spreading to the client's setting.
	 * @param host the destination's host
	 * @param port the destination's port
	 * @param protocol its protocol mode, {@code null} for the client's
	 * @param maxConnections its connection limit, {@code null} for the client's
	 * @param maxConcurrentStreams its stream cap, {@code null} for the client's
	 */
	public DestinationSettings(String host, int port, @Nullable ProtocolMode protocol, @Nullable Integer maxConnections,
			@Nullable Integer maxConcurrentStreams) {
		this(host, port, protocol, maxConnections, maxConcurrentStreams, null);
	}

	/**
	 * Whether these settings apply to a destination.
	 * @param host the destination's host
	 * @param port the destination's port
	 * @return whether host and port match, host ignoring case
	 */
	public boolean matches(String host, int port) {
		return this.port == port && this.host.equals(HostPort.normalizeHost(host.toLowerCase(Locale.ROOT)));
	}


	/**
	 * Settings that give a destination, written {@code host:port}, its own protocol mode
	 * and the client's limits.
	 * @param address {@code host:port}, an IPv6 host in brackets
	 * @param protocol the destination's protocol mode
	 * @return the settings
	 * @throws IllegalArgumentException if the address is not {@code host:port}
	 */
	public static DestinationSettings of(String address, ProtocolMode protocol) {
		DestinationId id = DestinationId.parse("http", address);
		if (id == null) {
			throw new IllegalArgumentException("Invalid destination address " + address);
		}
		return new DestinationSettings(id.host(), id.port(), protocol, null, null);
	}



}
