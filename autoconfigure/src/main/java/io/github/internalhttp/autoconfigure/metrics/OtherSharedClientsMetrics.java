package io.github.internalhttp.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.internalhttp.autoconfigure.SharedHttpClients;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.metrics.InternalHttpClientMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@link InternalHttpClientMetrics} of every shared client but the default one (whose
 * metrics are a bean of their own), each tagged {@code client=<name>}, bound as each client
 * is created and removed when the context closes.
 */
final class OtherSharedClientsMetrics implements MeterBinder, AutoCloseable {

	private final SharedHttpClients clients;

	private final int maxDestinations;

	private final Duration refreshInterval;

	private final List<InternalHttpClientMetrics> metrics = new CopyOnWriteArrayList<>();

	OtherSharedClientsMetrics(SharedHttpClients clients, int maxDestinations, Duration refreshInterval) {
		this.clients = clients;
		this.maxDestinations = maxDestinations;
		this.refreshInterval = refreshInterval;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.clients.forEachClient((name, client) -> {
			if (client != this.clients.defaultClient()) {
				bind(registry, name, client);
			}
		});
	}

	private void bind(MeterRegistry registry, String name, InternalHttpClient client) {
		InternalHttpClientMetrics clientMetrics = new InternalHttpClientMetrics(client, this.maxDestinations,
				this.refreshInterval, Tags.of(InternalHttpClientMetrics.CLIENT_TAG, name));
		clientMetrics.bindTo(registry);
		this.metrics.add(clientMetrics);
	}

	@Override
	public void close() {
		this.metrics.forEach(InternalHttpClientMetrics::close);
	}

}
