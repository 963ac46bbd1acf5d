package io.github.internalhttp.testsupport;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * A name service for one fleet: every host name resolves to the addresses it is given,
 * which a test changes as DNS would; each address keeps its own port, so that servers on
 * 127.0.0.2, 127.0.0.3, ... may listen on ports of their own.
 */
public final class FleetResolver implements SocketAddressResolver {

	private volatile List<InetSocketAddress> addresses;

	private final AtomicInteger lookUps = new AtomicInteger();

	public FleetResolver(InetSocketAddress... addresses) {
		this.addresses = List.of(addresses);
	}

	/**
	 * Answer with other addresses from now on.
	 * @param addresses the addresses every name resolves to
	 */
	public void answer(InetSocketAddress... addresses) {
		this.addresses = List.of(addresses);
	}

	/**
	 * The names looked up so far.
	 * @return the number of look-ups
	 */
	public int lookUps() {
		return this.lookUps.get();
	}

	@Override
	public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
		this.lookUps.incrementAndGet();
		promise.succeeded(this.addresses);
	}

	/**
	 * The address of a server on a loopback address.
	 * @param server the server
	 * @param ip the loopback address it listens on
	 * @return its socket address
	 */
	public static InetSocketAddress at(String ip, int port) {
		return new InetSocketAddress(ip, port);
	}

}
