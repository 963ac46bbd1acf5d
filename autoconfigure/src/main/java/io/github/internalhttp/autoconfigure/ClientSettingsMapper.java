package io.github.internalhttp.autoconfigure;

import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.DestinationSettings;
import io.github.internalhttp.client.InternalHttpClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;

/**
 * Maps {@link InternalHttpClientProperties} and Spring Boot's {@code spring.http.clients}
 * settings to {@link InternalHttpClientSettings}. One rule of precedence throughout:
 * {@code internal.http.client.*} when set, then {@code spring.http.clients.*}, then the
 * client's default.
 */
final class ClientSettingsMapper {

	private ClientSettingsMapper() {
	}

	static InternalHttpClientSettings map(InternalHttpClientProperties properties,
			@Nullable HttpClientSettings springSettings, @Nullable SSLContext sslContext) {
		InternalHttpClientSettings defaults = InternalHttpClientSettings.defaults();
		InternalHttpClientSettings settings = defaults.withProtocol(properties.getProtocol())
			.withConnectTimeout(firstNonNull(properties.getConnectTimeout(),
					(springSettings != null) ? springSettings.connectTimeout() : null, defaults.connectTimeout()))
			.withIdleTimeout(properties.getIdleTimeout())
			.withResponseTimeout(responseTimeout(properties, springSettings))
			.withMaxResponseHeadersSize((int) properties.getMaxResponseHeadersSize().toBytes())
			.withMaxConnectionsPerDestination(properties.getPool().getMaxConnectionsPerDestination())
			.withMaxQueuedRequestsPerDestination(properties.getPool().getMaxQueuedRequestsPerDestination())
			.withInitialStreamWindow((int) properties.getHttp2().getInitialStreamWindow().toBytes())
			.withInitialSessionWindow((int) properties.getHttp2().getInitialSessionWindow().toBytes())
			.withSslContext(sslContext)
			.withProtocolMemoryTtl(properties.getProtocolMemoryTtl())
			.withAcquireTimeout(properties.getPool().getAcquireTimeout())
			.withMaxConnectionAge(properties.getPool().getMaxConnectionAge())
			.withMaxConnectionAgeJitter(properties.getPool().getMaxConnectionAgeJitter())
			.withMaxRequestsPerConnection(properties.getPool().getMaxRequestsPerConnection())
			.withDestinationIdleTimeout(properties.getPool().getDestinationIdleTimeout())
			.withPingInterval(properties.getHttp2().getPingInterval())
			.withPingTimeout(properties.getHttp2().getPingTimeout())
			.withDestinations(properties.getDestinations().stream().map(ClientSettingsMapper::destination).toList());
		Integer maxConcurrentStreams = properties.getHttp2().getMaxConcurrentStreams();
		return (maxConcurrentStreams != null) ? settings.withMaxConcurrentStreams(maxConcurrentStreams) : settings;
	}

	/**
	 * The response timeout for a factory built with the given Spring Boot settings, which
	 * may be a service group's.
	 */
	static Duration responseTimeout(InternalHttpClientProperties properties,
			@Nullable HttpClientSettings springSettings) {
		return firstNonNull(properties.getResponseTimeout(),
				(springSettings != null) ? springSettings.readTimeout() : null,
				InternalHttpClientSettings.defaults().responseTimeout());
	}

	private static DestinationSettings destination(InternalHttpClientProperties.Destination destination) {
		// The scheme does not matter here: per-destination settings match host and port.
		DestinationId address = DestinationId.parse("http", destination.getAddress());
		if (address == null) {
			throw new IllegalArgumentException("Invalid destination address " + destination.getAddress());
		}
		return new DestinationSettings(address.host(), address.port(), destination.getProtocol(),
				zeroIfNull(destination.getMaxConnections()), zeroIfNull(destination.getMaxConcurrentStreams()));
	}

	private static int zeroIfNull(@Nullable Integer value) {
		return (value != null) ? value : 0;
	}

	private static Duration firstNonNull(@Nullable Duration first, @Nullable Duration second, Duration fallback) {
		if (first != null) {
			return first;
		}
		return (second != null) ? second : fallback;
	}

}
