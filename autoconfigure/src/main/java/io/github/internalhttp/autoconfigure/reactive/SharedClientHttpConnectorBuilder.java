package io.github.internalhttp.autoconfigure.reactive;

import io.github.internalhttp.client.InternalClientHttpConnector;
import io.github.internalhttp.client.InternalHttpClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * The {@link ClientHttpConnectorBuilder} Spring Boot uses for the auto-configured
 * {@code ClientHttpConnector}, every {@code WebClient.Builder} and reactive HTTP service
 * group: each build returns the one connector over the shared {@link InternalHttpClient}.
 * <p>
 * Settings with an SSL bundle get a connector of their own from Spring Boot's Jetty
 * builder, so that no TLS configuration is silently dropped, as for {@code RestClient}.
 */
final class SharedClientHttpConnectorBuilder implements ClientHttpConnectorBuilder<ClientHttpConnector> {

	private static final Log logger = LogFactory.getLog(SharedClientHttpConnectorBuilder.class);

	private final InternalClientHttpConnector connector;

	SharedClientHttpConnectorBuilder(InternalHttpClient client) {
		this.connector = new InternalClientHttpConnector(client);
	}

	@Override
	public ClientHttpConnector build(@Nullable HttpClientSettings settings) {
		if (settings != null && settings.sslBundle() != null) {
			logger.info("A reactive HTTP client with an SSL bundle gets its own Jetty client, outside the shared pool");
			return ClientHttpConnectorBuilder.jetty().build(settings);
		}
		return this.connector;
	}

}
