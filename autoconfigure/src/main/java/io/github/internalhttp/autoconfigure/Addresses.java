package io.github.internalhttp.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Parses destination addresses written as {@code host:port}, IPv6 hosts in brackets.
 */
final class Addresses {

	private Addresses() {
	}

	/**
	 * Parse an address.
	 * @param address such as {@code orders:8080} or {@code [::1]:8080}
	 * @return host and port, or {@code null} when the address is not of that form
	 */
	static @Nullable HostAndPort parse(@Nullable String address) {
		if (address == null) {
			return null;
		}
		int colon = address.lastIndexOf(':');
		if (colon <= 0 || colon == address.length() - 1) {
			return null;
		}
		String host = address.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (host.isBlank() || host.contains(":") && !address.startsWith("[")) {
			return null;
		}
		try {
			int port = Integer.parseInt(address.substring(colon + 1));
			return (port >= 1 && port <= 65535) ? new HostAndPort(host, port) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	record HostAndPort(String host, int port) {

	}

}
