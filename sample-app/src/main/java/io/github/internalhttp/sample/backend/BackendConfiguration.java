package io.github.internalhttp.sample.backend;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the {@link BackendServer} for as long as the application context.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackendProperties.class)
class BackendConfiguration {

	@Bean
	BackendServer backendServer(BackendProperties properties) {
		BackendServer server = new BackendServer(properties);
		server.start();
		return server;
	}

}
