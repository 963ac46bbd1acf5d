package io.github.internalhttp.autoconfigure.reactive;

import java.util.List;

import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.autoconfigure.InternalHttpClientProperties;
import io.github.internalhttp.autoconfigure.SharedHttpClients;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.reactive.client.ReactiveRequest;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ResolvableType;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Auto-configuration of {@code WebClient} on the shared {@code InternalHttpClient}s: when
 * {@code jetty-reactive-httpclient} is on the classpath, the auto-configured
 * {@link ClientHttpConnector}, and with it every {@code WebClient.Builder}, sends over the
 * same pool as {@code RestClient}, even when Reactor Netty is present too (Spring Boot
 * alone would pick Reactor Netty's connector). It runs before Spring Boot's reactive HTTP
 * client auto-configuration, which then backs off; it backs off itself when
 * {@code spring.http.clients.reactive.connector} names a connector other than Jetty.
 */
@AutoConfiguration(after = InternalHttpClientAutoConfiguration.class,
		before = ReactiveHttpClientAutoConfiguration.class,
		beforeName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass({ ClientHttpConnector.class, Mono.class, ReactiveRequest.class,
		ClientHttpConnectorBuilder.class })
@ConditionalOnBean(SharedHttpClients.class)
@ConditionalOnProperty(name = "spring.http.clients.reactive.connector", havingValue = "jetty", matchIfMissing = true)
public final class InternalHttpClientReactiveAutoConfiguration {

	private static final Log logger = LogFactory.getLog(InternalHttpClientReactiveAutoConfiguration.class);


	@Bean
	@ConditionalOnMissingBean
	ClientHttpConnectorBuilder<?> internalClientHttpConnectorBuilder(SharedHttpClients clients,
			InternalHttpClientProperties properties, ObjectProvider<HttpClientSettings> globalSettings,
			ObjectProvider<ClientHttpConnectorBuilderCustomizer<?>> customizers) {
		return customize(new SharedClientHttpConnectorBuilder(clients, properties, globalSettings.getIfAvailable()),
				customizers.orderedStream().toList());
	}

	/**
	 * Apply Spring Boot's connector builder customizers that can take the shared builder,
	 * and name those that cannot (one of Boot's Jetty or Reactor Netty builder).
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static ClientHttpConnectorBuilder<?> customize(ClientHttpConnectorBuilder<?> builder,
			List<ClientHttpConnectorBuilderCustomizer<?>> customizers) {
		ClientHttpConnectorBuilder<?> customized = builder;
		for (ClientHttpConnectorBuilderCustomizer<?> customizer : customizers) {
			Class<?> type = ResolvableType.forClass(ClientHttpConnectorBuilderCustomizer.class, customizer.getClass())
				.resolveGeneric(0);
			if (type != null && !type.isInstance(customized)) {
				warnNotApplied(customizer, type.getSimpleName());
				continue;
			}
			try {
				customized = ((ClientHttpConnectorBuilderCustomizer) customizer).customize(customized);
			}
			catch (ClassCastException ex) {
				warnNotApplied(customizer, "another");
			}
		}
		return customized;
	}

	private static void warnNotApplied(ClientHttpConnectorBuilderCustomizer<?> customizer, String builderType) {
		logger.warn("ClientHttpConnectorBuilderCustomizer " + customizer.getClass().getName() + " customizes "
				+ builderType + " ClientHttpConnectorBuilder and is not applied: the internal HTTP client builds "
				+ "every WebClient's connector. Customize the Jetty client with an InternalHttpClientCustomizer "
				+ "bean, or the WebClient with a WebClientCustomizer");
	}

	@Bean
	@ConditionalOnMissingBean
	ClientHttpConnector internalClientHttpConnector(ClientHttpConnectorBuilder<?> builder) {
		return builder.build();
	}

}
