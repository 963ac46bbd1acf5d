package io.github.internalhttp.benchmarks.clients;

import java.net.URI;

import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.metrics.InternalHttpClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A diagnostic: the starter's {@link InternalHttpClient} (its transport and
 * stream-aware pool) called through Jetty's own blocking API, without
 * {@code RestClient} or the request factory. Against raw Jetty it isolates the cost of
 * the pool; against the starter through {@code RestClient} the cost of the layers above.
 * With its meters bound to a registry ({@code starter-pool-h2c-meters}), against the same
 * without, it shows what the Micrometer meters cost on the request path: every request
 * records its wait in a timer.
 */
public final class StarterPoolClient implements BenchClient {

	private final InternalHttpClient client;

	private final long timeoutMillis;

	private final InternalHttpClientMetrics metrics;

	/**
	 * The pool client.
	 * @param withMeters whether the client's Micrometer meters are bound to a registry,
	 * as the starter binds them in an application with Actuator
	 */
	public StarterPoolClient(boolean withMeters) {
		InternalHttpClientSettings settings = InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C);
		this.client = new InternalHttpClient(settings);
		this.client.start();
		this.timeoutMillis = settings.responseTimeout().toMillis();
		this.metrics = withMeters ? new InternalHttpClientMetrics(this.client) : null;
		if (this.metrics != null) {
			this.metrics.bindTo(new SimpleMeterRegistry());
		}
	}

	@Override
	public String call(URI uri) throws Exception {
		return JettyClients.send(this.client.newRequest(uri), this.timeoutMillis);
	}

	@Override
	public String describe() {
		return "InternalHttpClient h2c (stream-aware pool), Jetty blocking send(), no RestClient"
				+ ((this.metrics != null) ? ", meters bound to a SimpleMeterRegistry" : "");
	}

	@Override
	public void close() {
		if (this.metrics != null) {
			this.metrics.close();
		}
		this.client.close();
	}

}
