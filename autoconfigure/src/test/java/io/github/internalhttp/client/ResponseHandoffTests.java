package io.github.internalhttp.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

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
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * How responses reach the caller ({@link ResponseHandoff}): small bodies whole, with
 * their connection already back in the pool; large, open-ended or slow bodies as a
 * stream; failures after the headers as the body is read. Over h2c and HTTP/1.1.
 */
class ResponseHandoffTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	private static final int LARGE = 4 * InternalClientHttpRequest.WHOLE_BODY_LIMIT;

	private TestServer server;

	private InternalClientHttpRequestFactory factory;

	@AfterEach
	void close() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenBodyIsSmallThenResponseArrivesWholeWithItsConnectionAlreadyFree(ProtocolMode protocol) throws IOException {
		start(protocol, Duration.ofSeconds(10));
		try (ClientHttpResponse response = execute(this.server.bodyUri(1000, true, "now"))) {
			// Nothing read yet, and the exchange is over.
			assertThat(this.client.onlyDestination().activeConnections()).isZero();
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(readAll(response.getBody())).hasSize(1000);
		}
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenBodyIsLargerThanTheLimitThenItStreamsAndTheConnectionIsFreedOnceRead(ProtocolMode protocol)
			throws IOException {
		start(protocol, Duration.ofSeconds(10));
		try (ClientHttpResponse response = execute(this.server.bodyUri(LARGE, true, "now"))) {
			// The server cannot finish until the caller reads: back-pressure, not buffering.
			assertThat(this.client.onlyDestination().activeConnections()).isEqualTo(1);
			assertThat(readAll(response.getBody())).hasSize(LARGE);
		}
		assertThat(this.client.onlyDestination().activeConnections()).isZero();
		assertThat(readAll(execute(this.server.bodyUri(10, true, "now")).getBody())).hasSize(10);
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenBodyHasNoDeclaredLengthThenCallerReadsItWhileTheServerIsStillWriting(ProtocolMode protocol)
			throws IOException {
		start(protocol, Duration.ofSeconds(10));
		// The server writes half the body, then waits for release(): execute() returning
		// at all shows the caller was not made to wait for the end.
		try (ClientHttpResponse response = execute(this.server.bodyUri(10, false, "hold"))) {
			assertFirstHalfReadableBeforeTheServerWritesTheRest(response);
		}
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenDeclaredBodyStallsPastTheResponseTimeoutThenItStreamsInsteadOfFailing(ProtocolMode protocol)
			throws IOException {
		// The response timeout bounds the wait for the headers, not for the body.
		start(protocol, Duration.ofMillis(300));
		try (ClientHttpResponse response = execute(this.server.bodyUri(10, true, "hold"))) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertFirstHalfReadableBeforeTheServerWritesTheRest(response);
		}
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenResponseFailsAfterItsHeadersThenReadingTheBodyFailsAndTheRequestIsNotSentAgain(ProtocolMode protocol)
			throws IOException {
		start(protocol, Duration.ofSeconds(10));
		try (ClientHttpResponse response = execute(this.server.bodyUri(10, true, "fail"))) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThatIOException().isThrownBy(() -> readAll(response.getBody()));
		}
		assertThat(this.server.requests()).isEqualTo(1);
		assertThat(readAll(execute(this.server.bodyUri(10, true, "now")).getBody())).hasSize(10);
	}

	private void start(ProtocolMode protocol, Duration responseTimeout) {
		this.server = TestServer.clearText(256);
		this.client.create(InternalHttpClientSettings.defaults().withProtocol(protocol));
		this.factory = this.client.get().requestFactory(responseTimeout);
	}

	private ClientHttpResponse execute(URI uri) throws IOException {
		return this.factory.createRequest(uri, HttpMethod.GET).execute();
	}

	/** For a body the server writes half of, then holds until released. */
	private void assertFirstHalfReadableBeforeTheServerWritesTheRest(ClientHttpResponse response) throws IOException {
		InputStream body = response.getBody();
		assertThat(body.readNBytes(5)).hasSize(5);
		this.server.release();
		assertThat(readAll(body)).hasSize(5);
	}

	private static byte[] readAll(InputStream body) throws IOException {
		try (body) {
			return body.readAllBytes();
		}
	}

}
