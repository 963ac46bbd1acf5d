package io.github.internalhttp.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response timeout, kept for every caller by one timer ({@link ResponseTimeouts}):
 * callers whose server sends no headers fail at their deadline naming the destination,
 * answered ones leave nothing behind, and the client stays usable. Over h2c and HTTP/1.1.
 */
class ResponseTimeoutsTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	private TestServer server;

	@AfterEach
	void close() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenNoHeadersComeBeforeTheDeadlineThenEveryCallerFailsNamingTheDestinationAndNoneIsLeftWaiting(
			ProtocolMode protocol) throws IOException {
		InternalClientHttpRequestFactory factory = start(protocol, Duration.ofMillis(300));
		// The server holds every answer until released.
		List<Burst.Outcome<ClientHttpResponse>> outcomes = Burst.run(20,
				() -> factory.createRequest(this.server.uri("/hold"), HttpMethod.GET).execute());
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure())
			.isInstanceOf(SocketTimeoutException.class)
			.hasMessageContaining(this.server.destination())
			.hasMessageContaining("PT0.3S"));
		assertThat(this.client.get().responseTimeouts().size()).isZero();
		this.server.release();
		try (ClientHttpResponse response = factory.createRequest(this.server.uri("/"), HttpMethod.GET).execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenResponsesComeInTimeThenNoDeadlineIsLeftBehind(ProtocolMode protocol) {
		InternalClientHttpRequestFactory factory = start(protocol, Duration.ofSeconds(10));
		URI uri = this.server.uri("/?delayMs=50");
		List<Burst.Outcome<String>> outcomes = Burst.run(50, () -> {
			try (ClientHttpResponse response = factory.createRequest(uri, HttpMethod.GET).execute()) {
				return new String(response.getBody().readAllBytes());
			}
		});
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo("ok"));
		assertThat(this.client.get().responseTimeouts().size()).isZero();
	}

	private InternalClientHttpRequestFactory start(ProtocolMode protocol, Duration responseTimeout) {
		this.server = TestServer.clearText(256);
		this.client.create(InternalHttpClientSettings.defaults().withProtocol(protocol));
		return this.client.get().requestFactory(responseTimeout);
	}

}
