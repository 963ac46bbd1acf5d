package io.github.internalhttp.sample.tour;

import io.github.internalhttp.sample.backend.BackendServer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * One HTTP service group and one {@code WebClient}, both to the embedded backend and both
 * on the shared client: together with the fan-out's {@code RestClient} they share one
 * h2c connection, which {@code /actuator/internalhttp} shows as one destination.
 * <p>
 * A real application sets the group's URL with
 * {@code spring.http.serviceclient.backend.base-url}; the embedded backend's port is
 * only known once it started, so a group configurer sets it here.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = TourConfiguration.GROUP, types = BackendApi.class)
class TourConfiguration {

	static final String GROUP = "backend";

	@Bean
	RestClientHttpServiceGroupConfigurer backendGroupBaseUrl(BackendServer backend) {
		return (groups) -> groups.filterByName(GROUP)
			.forEachClient((group, builder) -> builder.baseUrl(backend.getUri().toString()));
	}

	@Bean
	WebClient backendWebClient(WebClient.Builder builder, BackendServer backend) {
		return builder.baseUrl(backend.getUri().toString()).build();
	}

}
