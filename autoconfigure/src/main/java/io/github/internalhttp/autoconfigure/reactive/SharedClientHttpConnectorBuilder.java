package io.github.internalhttp.autoconfigure.reactive;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.internalhttp.autoconfigure.BuilderSettings;
import io.github.internalhttp.autoconfigure.InternalHttpClientProperties;
import io.github.internalhttp.autoconfigure.SharedHttpClients;
import io.github.internalhttp.client.InternalClientHttpConnector;
import io.github.internalhttp.client.InternalHttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * The {@link ClientHttpConnectorBuilder} Spring Boot uses for the auto-configured
 * {@code ClientHttpConnector}, every {@code WebClient.Builder} and reactive HTTP service
 * group: each build returns the connector of a shared client, the default one or, for
 * settings with an SSL bundle or a connect timeout of their own, the
 * {@link SharedHttpClients shared client} for them, as for {@code RestClient}.
 */
final class SharedClientHttpConnectorBuilder implements ClientHttpConnectorBuilder<ClientHttpConnector> {

	private final SharedHttpClients clients;

	private final InternalHttpClientProperties properties;

	private final @Nullable HttpClientSettings globalSettings;

	private final Map<InternalHttpClient, ClientHttpConnector> connectors = new ConcurrentHashMap<>();

	SharedClientHttpConnectorBuilder(SharedHttpClients clients, InternalHttpClientProperties properties,
			@Nullable HttpClientSettings globalSettings) {
		this.clients = clients;
		this.properties = properties;
		this.globalSettings = globalSettings;
	}

	@Override
	public ClientHttpConnector build(@Nullable HttpClientSettings settings) {
		BuilderSettings resolved = BuilderSettings.resolve(settings, this.globalSettings, this.properties);
		InternalHttpClient client = this.clients.client(resolved.sslBundle(), resolved.connectTimeout());
		return this.connectors.computeIfAbsent(client, InternalClientHttpConnector::new);
	}

}
