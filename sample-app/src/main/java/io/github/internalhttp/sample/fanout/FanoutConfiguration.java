package io.github.internalhttp.sample.fanout;

import io.github.internalhttp.client.InternalHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The clients the fan-out endpoint compares.
 */
@Configuration(proxyBeanMethods = false)
class FanoutConfiguration {

	@Bean
	Http1ComparisonClient http1ComparisonClient(InternalHttpClient sharedClient, RestClient.Builder builder) {
		return new Http1ComparisonClient(sharedClient.getSettings(), builder);
	}

}
