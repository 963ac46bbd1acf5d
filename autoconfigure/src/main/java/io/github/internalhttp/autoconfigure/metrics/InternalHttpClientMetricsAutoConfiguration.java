package io.github.internalhttp.autoconfigure.metrics;

import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.autoconfigure.InternalHttpClientProperties;
import io.github.internalhttp.autoconfigure.SharedHttpClients;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.metrics.InternalHttpClientAddressMetrics;
import io.github.internalhttp.metrics.InternalHttpClientMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link InternalHttpClientMetrics} of the shared
 * {@link InternalHttpClient}, bound by Spring Boot to the application's
 * {@link MeterRegistry}. Request timings are not among them: Spring's
 * {@code http.client.requests} observation of {@code RestClient} records those.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		InternalHttpClientAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, InternalHttpClient.class })
@EnableConfigurationProperties(InternalHttpClientProperties.class)
public final class InternalHttpClientMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InternalHttpClientMetrics internalHttpClientMetrics(InternalHttpClient client,
			InternalHttpClientProperties properties) {
		return new InternalHttpClientMetrics(client, properties.getMetrics().getMaxDestinations(),
				properties.getMetrics().getRefreshInterval(),
				Tags.of(InternalHttpClientMetrics.CLIENT_TAG, SharedHttpClients.DEFAULT));
	}

	@Bean
	@ConditionalOnBean(SharedHttpClients.class)
	OtherSharedClientsMetrics internalHttpOtherSharedClientsMetrics(SharedHttpClients clients,
			InternalHttpClientProperties properties) {
		return new OtherSharedClientsMetrics(clients, properties.getMetrics().getMaxDestinations(),
				properties.getMetrics().getRefreshInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	InternalHttpClientAddressMetrics internalHttpClientAddressMetrics(InternalHttpClient client,
			InternalHttpClientProperties properties) {
		return new InternalHttpClientAddressMetrics(client, properties.getMetrics().getMaxDestinations(),
				properties.getMetrics().getRefreshInterval());
	}

}
