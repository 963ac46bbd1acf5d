package io.github.internalhttp.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.ResettingHttp2Server;
import io.github.internalhttp.testsupport.TestServer;
import org.eclipse.jetty.http2.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Failing calls whose URL carries userinfo and a query token and whose request carries an
 * {@code Authorization} header: the client's exceptions name the destination, never the
 * secrets.
 */
class FailureSecretsTests {

	private static final List<String> SECRETS = List.of("s3cr3t-password", "s3cr3t-token", "s3cr3t-bearer",
			"operator");

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@Test
	void whenResponseHeadersAreTooLargeThenTheErrorCarriesNoSecret() {
		TestServer server = this.closeables.add(TestServer.clearText(100));
		InternalHttpClient client = start(ProtocolMode.HTTP1, Duration.ofSeconds(5));
		Throwable failure = catchThrowable(
				() -> execute(client, secretUri(server.uri("/"), "headerBytes=" + 64 * 1024 + "&")).close());
		assertNamesDestinationOnly(failure, ResponseHeadersTooLargeException.class, server.destination());
	}

	@Test
	void whenTheServerEndsTheConnectionWithGoAwayThenTheErrorCarriesNoSecret() {
		ResettingHttp2Server server = this.closeables
			.add(ResettingHttp2Server.goingAwayOnFirst(ErrorCode.ENHANCE_YOUR_CALM_ERROR.code));
		InternalHttpClient client = start(ProtocolMode.H2C, Duration.ofSeconds(5));
		Throwable failure = catchThrowable(() -> execute(client, secretUri(server.uri("/"), "")).close());
		assertNamesDestinationOnly(failure, GoAwayException.class, server.destination());
	}

	@Test
	void whenTheServerResetsTheStreamThenTheErrorCarriesNoSecret() {
		ResettingHttp2Server server = this.closeables
			.add(ResettingHttp2Server.resettingEvery(ErrorCode.INTERNAL_ERROR.code));
		InternalHttpClient client = start(ProtocolMode.H2C, Duration.ofSeconds(5));
		Throwable failure = catchThrowable(() -> execute(client, secretUri(server.uri("/"), "")).close());
		assertNamesDestinationOnly(failure, StreamResetException.class, server.destination());
	}

	@Test
	void whenAnUnreadBodyIsTakenFromItsCallerThenTheErrorCarriesNoSecret() throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(100));
		InternalHttpClient client = start(ProtocolMode.H2C, Duration.ofMillis(50));
		URI body = server.bodyUri(1024 * 1024, true, "now");
		try (ClientHttpResponse response = execute(client, secretUri(body, body.getRawQuery() + "&"))) {
			Throwable failure = catchThrowable(() -> {
				// Idle past the timeout without sleeping a fixed time: wait for the stream to end.
				org.awaitility.Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.until(() -> this.client.onlyDestination().activeStreams() == 0);
				response.getBody().readAllBytes();
			});
			assertNamesDestinationOnly(failure, ResponseBodyIdleTimeoutException.class, server.destination());
		}
	}

	private InternalHttpClient start(ProtocolMode protocol, Duration bodyIdleTimeout) {
		InternalHttpClient client = this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(protocol)
			.withMaxResponseHeadersSize(16 * 1024)
			.withResponseBodyIdleTimeout(bodyIdleTimeout));
		client.start();
		return client;
	}

	private static ClientHttpResponse execute(InternalHttpClient client, URI uri) throws Exception {
		ClientHttpRequest request = client.requestFactory().createRequest(uri, HttpMethod.GET);
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer s3cr3t-bearer");
		return request.execute();
	}

	/** The URI with userinfo and a secret query parameter. */
	private static URI secretUri(URI uri, String queryPrefix) {
		return URI.create(uri.getScheme() + "://operator:s3cr3t-password@" + uri.getHost() + ":" + uri.getPort()
				+ uri.getRawPath() + "?" + queryPrefix + "token=s3cr3t-token");
	}

	private static void assertNamesDestinationOnly(Throwable failure, Class<? extends Throwable> type,
			String destination) {
		assertThat(failure).isInstanceOf(type).hasMessageContaining(destination);
		assertThat(SECRETS).allSatisfy((secret) -> assertThat(failure.getMessage()).doesNotContain(secret));
		assertThat(failure.getMessage()).doesNotContain("token=");
	}

}
