package io.github.internalhttp.benchmarks.clients;

import java.net.URI;

import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;

/**
 * A diagnostic: the starter's {@link InternalHttpClient} (its transport and
 * stream-aware pool) called through Jetty's own blocking API, without
 * {@code RestClient} or the request factory. Against raw Jetty it isolates the cost of
 * the pool; against the starter through {@code RestClient} the cost of the layers above.
 */
public final class StarterPoolClient implements BenchClient {

	private final InternalHttpClient client;

	private final long timeoutMillis;

	public StarterPoolClient() {
		InternalHttpClientSettings settings = InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C);
		this.client = new InternalHttpClient(settings);
		this.client.start();
		this.timeoutMillis = settings.responseTimeout().toMillis();
	}

	@Override
	public String call(URI uri) throws Exception {
		return JettyClients.send(this.client.newRequest(uri), this.timeoutMillis);
	}

	@Override
	public String describe() {
		return "InternalHttpClient h2c (stream-aware pool), Jetty blocking send(), no RestClient";
	}

	@Override
	public void close() {
		this.client.close();
	}

}
