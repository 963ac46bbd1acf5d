package io.github.internalhttp.testsupport;

import java.util.List;

import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link InternalHttpClient} a test works with, closed after each test. Register it
 * with {@code @RegisterExtension}.
 */
public final class ClientUnderTest implements AfterEachCallback {

	private InternalHttpClient client;

	/**
	 * Create the client, not yet started: its first request or prewarm starts it.
	 * @param settings the client's settings
	 * @return the client
	 */
	public InternalHttpClient create(InternalHttpClientSettings settings) {
		close();
		this.client = new InternalHttpClient(settings);
		return this.client;
	}

	/**
	 * Create and start the client, and a {@link RestClient} over its shared pool.
	 * @param settings the client's settings
	 * @return the {@code RestClient}
	 */
	public RestClient restClient(InternalHttpClientSettings settings) {
		InternalHttpClient client = create(settings);
		client.start();
		return RestClient.builder().requestFactory(client.requestFactory()).build();
	}

	public InternalHttpClient get() {
		assertThat(this.client).as("client created").isNotNull();
		return this.client;
	}

	/**
	 * The client's one destination, asserting there is exactly one.
	 * @return its snapshot
	 */
	public DestinationSnapshot onlyDestination() {
		List<DestinationSnapshot> destinations = get().destinations();
		assertThat(destinations).hasSize(1);
		return destinations.get(0);
	}

	/**
	 * The client's destination with the given protocol.
	 * @param protocol {@code h2c}, {@code http1}, ...
	 * @return its snapshot
	 */
	public DestinationSnapshot destination(String protocol) {
		return get().destinations()
			.stream()
			.filter((destination) -> destination.protocol().tag().equals(protocol))
			.findFirst()
			.orElseThrow();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

	private void close() {
		if (this.client != null) {
			this.client.close();
		}
	}

}
