package io.github.internalhttp.client;

import java.net.SocketTimeoutException;
import java.time.Duration;

import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A slow server does not keep the slot a timed-out request held: with one stream (h2c) or
 * one connection (HTTP/1.1) allowed, the request after a timed-out one is served at once.
 */
class SlowServerTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenARequestTimesOutOnASlowServerThenItsSlotServesTheNextRequest(ProtocolMode protocol) {
		TestServer server = this.closeables.add(TestServer.clearText(1));
		InternalHttpClient client = this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(protocol)
			.withPool((pool) -> pool.withMaxConnectionsPerDestination(1)));
		client.start();
		RestClient restClient = RestClient.builder()
			.requestFactory(client.requestFactory(Duration.ofMillis(300)))
			.build();
		ResourceAccessException slow = catchThrowableOfType(ResourceAccessException.class,
				() -> restClient.get().uri(server.uri("/?delayMs=10000")).retrieve().body(String.class));
		assertThat(slow).isNotNull();
		assertThat(slow.getCause()).isInstanceOf(SocketTimeoutException.class)
			.hasMessageContaining(server.destination());
		// Within its own 300 ms: only if the slow request's stream or connection is free.
		assertThat(restClient.get().uri(server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		DestinationSnapshot destination = this.client.onlyDestination();
		assertThat(destination.activeStreams()).isZero();
		assertThat(destination.retries()).isEmpty();
	}

}
