package io.github.internalhttp.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A point-in-time view of one address (IP and port) of a destination: the connections
 * the destination has to it, its streams, and the dials to it that failed.
 *
 * @param address {@code ip:port}, an IPv6 address in brackets
 * @param listed whether the destination's host name lists the address now; a connection
 * to an address no longer listed is drained: it takes no new request and closes once idle
 * @param connections open connections of the destination to the address
 * @param activeStreams HTTP/2 streams in flight over them (0 for HTTP/1.1)
 * @param connectFailures dials to the address that failed, from any destination
 * @param down whether the last dial to the address failed: it is tried last, after a
 * backoff, until a dial succeeds
 * @param lastFailure exception type and message of the most recent failed dial, if any
 * @param lastFailureTime when it happened, if any
 */
public record AddressSnapshot(String address, boolean listed, int connections, int activeStreams,
		long connectFailures, boolean down, @Nullable String lastFailure, @Nullable Instant lastFailureTime) {

	/**
	 * The name of a socket address, {@code ip:port}.
	 * @param address the address
	 * @return its name, never a host name
	 */
	public static String name(InetSocketAddress address) {
		InetAddress ip = address.getAddress();
		String host = (ip != null) ? ip.getHostAddress() : address.getHostString();
		return (host.indexOf(':') >= 0) ? "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
	}

}
