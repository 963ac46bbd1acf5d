package io.github.internalhttp.autoconfigure;

import java.time.Duration;

import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.DestinationSettings;
import io.github.internalhttp.client.Http2Settings;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.PoolSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.unit.DataSize;

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
			@Nullable HttpClientSettings springSettings, @Nullable SslBundle sslBundle) {
		PropertyMapper map = PropertyMapper.get();
		InternalHttpClientSettings settings = InternalHttpClientSettings.defaults();
		settings = map.from(properties::getProtocol).to(settings, InternalHttpClientSettings::withProtocol);
		settings = map.from(properties::getConnectTimeout)
			.orFrom(() -> (springSettings != null) ? springSettings.connectTimeout() : null)
			.to(settings, InternalHttpClientSettings::withConnectTimeout);
		settings = map.from(properties::getIdleTimeout).to(settings, InternalHttpClientSettings::withIdleTimeout);
		settings = map.from(responseTimeout(properties, springSettings))
			.to(settings, InternalHttpClientSettings::withResponseTimeout);
		settings = map.from(properties::getResponseBodyIdleTimeout)
			.to(settings, InternalHttpClientSettings::withResponseBodyIdleTimeout);
		settings = map.from(properties::getMaxResponseHeadersSize)
			.as(ClientSettingsMapper::bytes)
			.to(settings, InternalHttpClientSettings::withMaxResponseHeadersSize);
		settings = map.from(properties::getProtocolMemoryTtl)
			.to(settings, InternalHttpClientSettings::withProtocolMemoryTtl);
		settings = map.from(sslBundle).to(settings, InternalHttpClientSettings::withSslBundle);
		settings = settings.withPool(pool(properties.getPool(), settings.pool()));
		settings = settings.withHttp2(http2(properties.getHttp2(), settings.http2()));
		return settings.withDestinations(
				properties.getDestinations().stream().map(ClientSettingsMapper::destination).toList());
	}

	private static PoolSettings pool(InternalHttpClientProperties.Pool properties, PoolSettings pool) {
		PropertyMapper map = PropertyMapper.get();
		pool = map.from(properties::getMaxConnectionsPerDestination)
			.to(pool, PoolSettings::withMaxConnectionsPerDestination);
		pool = map.from(properties::getMaxQueuedRequestsPerDestination)
			.to(pool, PoolSettings::withMaxQueuedRequestsPerDestination);
		pool = map.from(properties::getAcquireTimeout).to(pool, PoolSettings::withAcquireTimeout);
		pool = map.from(properties::getMaxConnectionAge).to(pool, PoolSettings::withMaxConnectionAge);
		pool = map.from(properties::getMaxConnectionAgeJitter).to(pool, PoolSettings::withMaxConnectionAgeJitter);
		pool = map.from(properties::getMaxRequestsPerConnection).to(pool, PoolSettings::withMaxRequestsPerConnection);
		pool = map.from(properties::getDestinationIdleTimeout).to(pool, PoolSettings::withDestinationIdleTimeout);
		pool = map.from(properties::getAddressSpreadingEnabled).to(pool, PoolSettings::withAddressSpreading);
		pool = map.from(properties::getConnectionsPerAddress).to(pool, PoolSettings::withConnectionsPerAddress);
		return map.from(properties::getAddressRefreshInterval).to(pool, PoolSettings::withAddressRefreshInterval);
	}

	private static Http2Settings http2(InternalHttpClientProperties.Http2 properties, Http2Settings http2) {
		PropertyMapper map = PropertyMapper.get();
		http2 = map.from(properties::getMaxConcurrentStreams).to(http2, Http2Settings::withMaxConcurrentStreams);
		http2 = map.from(properties::getInitialStreamWindow)
			.as(ClientSettingsMapper::bytes)
			.to(http2, Http2Settings::withInitialStreamWindow);
		http2 = map.from(properties::getInitialSessionWindow)
			.as(ClientSettingsMapper::bytes)
			.to(http2, Http2Settings::withInitialSessionWindow);
		http2 = map.from(properties::getPingInterval).to(http2, Http2Settings::withPingInterval);
		return map.from(properties::getPingTimeout).to(http2, Http2Settings::withPingTimeout);
	}

	/**
	 * A size in bytes as the settings take it; sizes beyond an int saturate, which every
	 * setting rejects or caps as out of its range.
	 */
	private static int bytes(DataSize size) {
		return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, size.toBytes()));
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
				destination.getMaxConnections(), destination.getMaxConcurrentStreams(),
				destination.getAddressSpreadingEnabled());
	}

	private static Duration firstNonNull(@Nullable Duration first, @Nullable Duration second, Duration fallback) {
		if (first != null) {
			return first;
		}
		return (second != null) ? second : fallback;
	}

}
