package io.github.internalhttp.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.internalhttp.actuate.InternalHttpClientHealthIndicator;
import io.github.internalhttp.autoconfigure.SharedHttpClients;
import io.github.internalhttp.client.InternalHttpClient;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the shared clients other than the default one (contributor
 * {@code internalHttpSharedClients}): one entry per client by name, each judged as the
 * default client is by {@code internalHttp}; {@code DOWN} when one of them is.
 */
final class OtherSharedClientsHealthIndicator implements HealthIndicator {

	private final SharedHttpClients clients;

	private final Function<InternalHttpClient, InternalHttpClientHealthIndicator> indicatorFactory;

	private final Map<InternalHttpClient, InternalHttpClientHealthIndicator> indicators = new ConcurrentHashMap<>();

	OtherSharedClientsHealthIndicator(SharedHttpClients clients,
			Function<InternalHttpClient, InternalHttpClientHealthIndicator> indicatorFactory) {
		this.clients = clients;
		this.indicatorFactory = indicatorFactory;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		boolean down = false;
		for (Map.Entry<String, InternalHttpClient> entry : this.clients.clients().entrySet()) {
			if (entry.getValue() == this.clients.defaultClient()) {
				continue;
			}
			Health health = this.indicators.computeIfAbsent(entry.getValue(), this.indicatorFactory).health();
			down |= Status.DOWN.equals(health.getStatus());
			details.put(entry.getKey(), health);
		}
		return Health.status(down ? Status.DOWN : Status.UP).withDetail("clients", details).build();
	}

}
