package io.github.internalhttp.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.internalhttp.actuate.InternalHttpClientEndpoint;
import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.autoconfigure.SharedHttpClients;
import io.github.internalhttp.client.InternalHttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code internalhttp} actuator endpoint, when it is available:
 * exposed (for example with
 * {@code management.endpoints.web.exposure.include=health,internalhttp}) and not switched
 * off.
 */
@AutoConfiguration(after = InternalHttpClientAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, EndpointAutoConfiguration.class })
@ConditionalOnBean(InternalHttpClient.class)
@ConditionalOnAvailableEndpoint(InternalHttpClientEndpoint.class)
public final class InternalHttpClientEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InternalHttpClientEndpoint internalHttpClientEndpoint(InternalHttpClient client,
			ObjectProvider<SharedHttpClients> sharedClients) {
		SharedHttpClients clients = sharedClients.getIfAvailable();
		return (clients != null) ? new InternalHttpClientEndpoint(client, () -> otherClients(clients))
				: new InternalHttpClientEndpoint(client);
	}

	static Map<String, InternalHttpClient> otherClients(SharedHttpClients clients) {
		Map<String, InternalHttpClient> others = new LinkedHashMap<>(clients.clients());
		others.values().remove(clients.defaultClient());
		return others;
	}

}
