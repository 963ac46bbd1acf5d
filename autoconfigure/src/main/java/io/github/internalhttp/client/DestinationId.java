package io.github.internalhttp.client;

import java.net.URI;
import java.util.Comparator;
import java.util.Locale;

import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.util.HostPort;
import org.jspecify.annotations.Nullable;

/**
 * The identity of a destination: scheme, host and port, the way requests reach it. The
 * host is kept as written in request URLs, lower-cased, with an IPv6 address in brackets
 * as Jetty keeps it ({@code [::1]}); the port is always explicit. Routing, per-destination
 * settings, prewarm, protocol memory, error messages, metrics, health and the endpoint all
 * name a destination by this one type, so {@code http://Orders}, {@code http://orders:80}
 * and {@code http://orders/} are one destination, and {@code [::1]:8080} matches
 * {@code http://[::1]:8080/}.
 *
 * @param scheme {@code http} or {@code https}, lower-case
 * @param host the host, lower-case, IPv6 in brackets
 * @param port the port, 1 to 65535
 */
public record DestinationId(String scheme, String host, int port) implements Comparable<DestinationId> {

	private static final Comparator<DestinationId> ORDER = Comparator.comparing(DestinationId::scheme)
		.thenComparing(DestinationId::host)
		.thenComparingInt(DestinationId::port);

	public DestinationId {
		if (scheme == null || scheme.isBlank()) {
			throw new IllegalArgumentException("A destination needs a scheme");
		}
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("A destination needs a host");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("A destination's port must be from 1 to 65535 but was " + port);
		}
		scheme = scheme.toLowerCase(Locale.ROOT);
		host = HostPort.normalizeHost(host.toLowerCase(Locale.ROOT));
	}

	/**
	 * The destination of a URL; a URL without a port gets its scheme's default.
	 * @param uri an absolute URL
	 * @return its destination
	 */
	public static DestinationId of(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme() : "http";
		return of(scheme, String.valueOf(uri.getHost()), uri.getPort());
	}

	/**
	 * The destination of a Jetty origin.
	 * @param origin the origin
	 * @return its destination
	 */
	public static DestinationId of(Origin origin) {
		return of(origin.getScheme(), origin.getAddress().getHost(), origin.getAddress().getPort());
	}

	/**
	 * A destination from its parts; a port below 1 means the scheme's default.
	 * @param scheme the scheme
	 * @param host the host, an IPv6 address with or without brackets
	 * @param port the port, or -1 for the scheme's default
	 * @return the destination
	 */
	public static DestinationId of(String scheme, String host, int port) {
		return new DestinationId(scheme, host, (port > 0) ? port : HttpScheme.getDefaultPort(scheme));
	}

	/**
	 * Parse an address written as {@code host:port}, an IPv6 host in brackets
	 * ({@code [::1]:8080}).
	 * @param scheme the scheme the address is for
	 * @param address the address
	 * @return the destination, or {@code null} when the address is not of that form
	 */
	public static @Nullable DestinationId parse(String scheme, @Nullable String address) {
		if (address == null || address.isBlank()) {
			return null;
		}
		try {
			HostPort hostPort = new HostPort(address);
			if (!hostPort.hasHost() || !hostPort.hasPort() || hostPort.getPort() < 1) {
				return null;
			}
			return new DestinationId(scheme, hostPort.getHost(), hostPort.getPort());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Whether a request to the given host and port goes to this destination, whatever its
	 * scheme.
	 * @param host the host, as a request has it
	 * @param port the port
	 * @return whether host (ignoring case and brackets) and port match
	 */
	public boolean hasAddress(String host, int port) {
		return this.port == port && this.host.equals(HostPort.normalizeHost(host.toLowerCase(Locale.ROOT)));
	}

	/**
	 * The destination's host and port, as the endpoint's selector takes them.
	 * @return {@code host:port}
	 */
	public String hostAndPort() {
		return this.host + ":" + this.port;
	}

	@Override
	public int compareTo(DestinationId other) {
		return ORDER.compare(this, other);
	}

	/**
	 * The destination's name, never with user info, path or query.
	 * @return {@code scheme://host:port}
	 */
	@Override
	public String toString() {
		return this.scheme + "://" + hostAndPort();
	}

}
