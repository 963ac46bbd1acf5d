package io.github.internalhttp.autoconfigure;

import io.github.internalhttp.client.InternalHttpClient;
import org.eclipse.jetty.client.HttpClient;

import org.eclipse.jetty.http2.client.HTTP2Client;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the shared {@link InternalHttpClient}: one client, started with
 * the context and stopped when it closes, behind the auto-configured {@link RestClient}
 * and every {@code RestClient.Builder} of the application.
 * <p>
 * It runs before Spring Boot's imperative HTTP client auto-configuration so that its
 * {@link ClientHttpRequestFactoryBuilder} is the one Boot hands to every builder.
 */
@AutoConfiguration(after = { HttpClientAutoConfiguration.class, SslAutoConfiguration.class }, before = ImperativeHttpClientAutoConfiguration.class,
		beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass({ HttpClient.class, HTTP2Client.class, ClientHttpRequestFactoryBuilder.class })
@EnableConfigurationProperties(InternalHttpClientProperties.class)
public final class InternalHttpClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InternalHttpClient internalHttpClient(InternalHttpClientProperties properties,
			ObjectProvider<HttpClientSettings> springSettings, ObjectProvider<SslBundles> sslBundles) {
		InternalHttpClient client = new InternalHttpClient(ClientSettingsMapper.map(properties,
				springSettings.getIfAvailable(), sslBundle(properties.getSsl().getBundle(), sslBundles)));
		client.start();
		return client;
	}

	private static @Nullable SslBundle sslBundle(@Nullable String bundle, ObjectProvider<SslBundles> sslBundles) {
		if (bundle == null) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException("internal.http.client.ssl.bundle is '" + bundle
					+ "' but no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		return bundles.getBundle(bundle);
	}

	@Bean
	@ConditionalOnMissingBean
	ClientHttpRequestFactoryBuilder<?> internalClientHttpRequestFactoryBuilder(InternalHttpClient client,
			InternalHttpClientProperties properties) {
		return new SharedClientHttpRequestFactoryBuilder(client, properties);
	}

	@Bean
	PrewarmOnStartup internalHttpClientPrewarmOnStartup(InternalHttpClient client,
			InternalHttpClientProperties properties) {
		return new PrewarmOnStartup(client, properties.getPrewarm());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClient.class)
	static class RestClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RestClient internalRestClient(ObjectProvider<RestClient.Builder> builder,
				ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder) {
			return builder.getIfAvailable(() -> RestClient.builder().requestFactory(requestFactoryBuilder.build()))
				.build();
		}

	}

}
