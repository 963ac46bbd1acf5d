package io.github.internalhttp.autoconfigure;

import io.github.internalhttp.client.InternalClientHttpRequestFactory;
import io.github.internalhttp.client.InternalHttpClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The {@link ClientHttpRequestFactoryBuilder} Spring Boot uses for every
 * {@code RestClient.Builder}, {@code RestTemplateBuilder} and HTTP service group: each
 * build returns a light factory over the one shared {@link InternalHttpClient}, instead
 * of a new client with a pool and threads of its own.
 * <p>
 * A settings' read timeout and redirect policy apply per factory. A connect timeout
 * cannot differ per factory on a shared pool: the client's applies. An SSL bundle cannot
 * be shared either: such a factory gets a client of its own from Spring Boot's Jetty
 * builder, so that no TLS configuration is ever silently dropped.
 */
final class SharedClientHttpRequestFactoryBuilder implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

	private static final Log logger = LogFactory.getLog(SharedClientHttpRequestFactoryBuilder.class);

	private final InternalHttpClient client;

	private final InternalHttpClientProperties properties;

	SharedClientHttpRequestFactoryBuilder(InternalHttpClient client, InternalHttpClientProperties properties) {
		this.client = client;
		this.properties = properties;
	}

	@Override
	public ClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
		if (settings != null && settings.sslBundle() != null) {
			logger.info("An HTTP client with an SSL bundle gets its own Jetty client, outside the shared pool");
			return ClientHttpRequestFactoryBuilder.jetty().build(settings);
		}
		InternalClientHttpRequestFactory factory = this.client
			.requestFactory(ClientSettingsMapper.responseTimeout(this.properties, settings));
		if (settings != null && settings.redirects() == HttpRedirects.DONT_FOLLOW) {
			factory = factory.withFollowRedirects(false);
		}
		return factory;
	}

}
