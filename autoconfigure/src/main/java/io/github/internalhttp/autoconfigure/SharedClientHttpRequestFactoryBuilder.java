package io.github.internalhttp.autoconfigure;

import io.github.internalhttp.client.InternalClientHttpRequestFactory;
import io.github.internalhttp.client.InternalHttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The {@link ClientHttpRequestFactoryBuilder} Spring Boot uses for every
 * {@code RestClient.Builder}, {@code RestTemplateBuilder} and HTTP service group: each
 * build returns a light factory over a shared client, instead of a new client with a
 * pool and threads of its own.
 * <p>
 * Settings are resolved by {@link BuilderSettings}: a read timeout and a redirect policy
 * apply per factory; an SSL bundle or a connect timeout of the builder's own selects the
 * {@link SharedHttpClients shared client} for that bundle and timeout.
 */
final class SharedClientHttpRequestFactoryBuilder implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

	private final SharedHttpClients clients;

	private final InternalHttpClientProperties properties;

	private final @Nullable HttpClientSettings globalSettings;

	SharedClientHttpRequestFactoryBuilder(SharedHttpClients clients, InternalHttpClientProperties properties,
			@Nullable HttpClientSettings globalSettings) {
		this.clients = clients;
		this.properties = properties;
		this.globalSettings = globalSettings;
	}

	@Override
	public ClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
		BuilderSettings resolved = BuilderSettings.resolve(settings, this.globalSettings, this.properties);
		InternalHttpClient client = this.clients.client(resolved.sslBundle(), resolved.connectTimeout());
		InternalClientHttpRequestFactory factory = client.requestFactory(resolved.responseTimeout());
		return resolved.followRedirects() ? factory : factory.withFollowRedirects(false);
	}

}
