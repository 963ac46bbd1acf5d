package io.github.internalhttp.autoconfigure;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * A {@link SocketAddressResolver} that keeps only the addresses a filter allows, for
 * Spring Boot 4.1's {@code InetAddressFilter}: a host none of whose addresses is allowed
 * fails to resolve, so no connection to it is ever opened.
 */
final class FilteringSocketAddressResolver implements SocketAddressResolver {

	private final SocketAddressResolver delegate;

	private final Predicate<InetSocketAddress> allowed;

	FilteringSocketAddressResolver(SocketAddressResolver delegate, Predicate<InetSocketAddress> allowed) {
		this.delegate = delegate;
		this.allowed = allowed;
	}

	@Override
	public void resolve(String host, int port, Map<String, Object> context,
			Promise<List<InetSocketAddress>> promise) {
		this.delegate.resolve(host, port, context, new Promise<>() {

			@Override
			public void succeeded(List<InetSocketAddress> addresses) {
				List<InetSocketAddress> kept = addresses.stream().filter(FilteringSocketAddressResolver.this.allowed).toList();
				if (kept.isEmpty()) {
					promise.failed(new UnknownHostException(
							"No address of " + host + " is allowed by the application's InetAddressFilter"));
				}
				else {
					promise.succeeded(kept);
				}
			}

			@Override
			public void failed(Throwable failure) {
				promise.failed(failure);
			}

		});
	}

}
