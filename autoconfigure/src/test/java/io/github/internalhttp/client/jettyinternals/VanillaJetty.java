package io.github.internalhttp.client.jettyinternals;

import java.util.function.Function;

import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;

/**
 * A plain Jetty {@link HttpClient} speaking h2c, as an application would build it with
 * Jetty alone: the behaviour the client's workarounds and assumptions are checked
 * against.
 */
final class VanillaJetty implements AutoCloseable {

	private final HttpClient client;

	private VanillaJetty(HttpClientTransportOverHTTP2 transport) {
		this(transport, new HttpClient(transport).getMaxResponseHeadersSize());
	}

	private VanillaJetty(HttpClientTransportOverHTTP2 transport, int maxResponseHeadersSize) {
		this.client = new HttpClient(transport);
		this.client.setMaxResponseHeadersSize(maxResponseHeadersSize);
		try {
			this.client.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A client with Jetty's own HTTP/2 pool.
	 * @return a started client
	 */
	static VanillaJetty h2c() {
		return new VanillaJetty(new HttpClientTransportOverHTTP2(new HTTP2Client()));
	}

	/**
	 * A client with Jetty's own HTTP/2 pool and the given limit on response headers.
	 * @param maxResponseHeadersSize the limit, which the client announces in
	 * SETTINGS_MAX_HEADER_LIST_SIZE
	 * @return a started client
	 */
	static VanillaJetty h2c(int maxResponseHeadersSize) {
		return new VanillaJetty(new HttpClientTransportOverHTTP2(new HTTP2Client()), maxResponseHeadersSize);
	}

	/**
	 * A client whose destinations get the given pool.
	 * @param pools the pool of each destination
	 * @return a started client
	 */
	static VanillaJetty h2c(Function<Destination, ConnectionPool> pools) {
		HttpClientTransportOverHTTP2 transport = new HttpClientTransportOverHTTP2(new HTTP2Client());
		transport.setConnectionPoolFactory(pools::apply);
		return new VanillaJetty(transport);
	}

	HttpClient client() {
		return this.client;
	}

	/**
	 * The client's one destination.
	 * @return the destination
	 */
	HttpDestination onlyDestination() {
		return (HttpDestination) this.client.getDestinations().get(0);
	}

	@Override
	public void close() {
		try {
			this.client.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
