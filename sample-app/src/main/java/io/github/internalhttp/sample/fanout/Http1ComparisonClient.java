package io.github.internalhttp.sample.fanout;

import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;

import org.springframework.web.client.RestClient;

/**
 * The comparison the fan-out endpoint offers: a second {@link InternalHttpClient} with
 * the same settings as the shared one except that it speaks HTTP/1.1 only, behind a
 * {@link RestClient} of its own.
 * <p>
 * It is deliberately not an {@code InternalHttpClient} or {@code RestClient} bean: either
 * would replace the auto-configured shared one.
 */
public final class Http1ComparisonClient implements AutoCloseable {

	private final InternalHttpClient client;

	private final RestClient restClient;

	Http1ComparisonClient(InternalHttpClientSettings sharedSettings, RestClient.Builder builder) {
		this.client = new InternalHttpClient(sharedSettings.withProtocol(ProtocolMode.HTTP1));
		this.client.start();
		this.restClient = builder.requestFactory(this.client.requestFactory()).build();
	}

	InternalHttpClient client() {
		return this.client;
	}

	RestClient restClient() {
		return this.restClient;
	}

	@Override
	public void close() {
		this.client.close();
	}

}
