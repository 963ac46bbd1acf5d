package io.github.internalhttp.autoconfigure.actuate;

import java.time.Clock;

import io.github.internalhttp.actuate.InternalHttpClientHealthIndicator;
import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.autoconfigure.InternalHttpClientProperties;
import io.github.internalhttp.autoconfigure.SharedHttpClients;
import io.github.internalhttp.client.InternalHttpClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code internalHttp} health contributor. Like Spring Boot's
 * own indicators, it is switched off with
 * {@code management.health.internalhttp.enabled=false}.
 */
@AutoConfiguration(after = InternalHttpClientAutoConfiguration.class,
		before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(Health.class)
@ConditionalOnBean(InternalHttpClient.class)
@ConditionalOnEnabledHealthIndicator("internalhttp")
@EnableConfigurationProperties(InternalHttpClientProperties.class)
public final class InternalHttpClientHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "internalHttpHealthIndicator")
	InternalHttpClientHealthIndicator internalHttpHealthIndicator(InternalHttpClient client,
			InternalHttpClientProperties properties) {
		return indicator(client, properties.getHealth());
	}

	@Bean
	@ConditionalOnBean(SharedHttpClients.class)
	@ConditionalOnMissingBean(name = "internalHttpSharedClientsHealthIndicator")
	OtherSharedClientsHealthIndicator internalHttpSharedClientsHealthIndicator(SharedHttpClients clients,
			InternalHttpClientProperties properties) {
		return new OtherSharedClientsHealthIndicator(clients, (client) -> indicator(client, properties.getHealth()));
	}

	private static InternalHttpClientHealthIndicator indicator(InternalHttpClient client,
			InternalHttpClientProperties.Health health) {
		return new InternalHttpClientHealthIndicator(client, health.getSaturationThreshold(),
				health.getSaturationPeriod(), health.getFailureWindow(), health.isDownWhenDestinationUnhealthy(),
				Clock.systemUTC());
	}

}
