package io.github.internalhttp.client;

import java.time.Duration;

import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Response headers larger than {@code max-response-headers-size}, from a real server: the
 * request fails once with an error naming the destination, and the destination stays
 * usable.
 */
class OversizedHeadersTests {

	private static final int LIMIT = 16 * 1024;

	/**
	 * Far longer than a response takes even on a loaded machine: these tests are about
	 * failures the server causes, never about timeouts.
	 */
	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@Test
	void whenHttp1ResponseHeadersExceedTheLimitThenTheRequestFailsOnceNamingTheDestinationAndTheProperty() {
		TestServer server = this.closeables.add(TestServer.clearText(100));
		RestClient restClient = this.client.restClient(
				settings().withProtocol(ProtocolMode.HTTP1).withMaxResponseHeadersSize(LIMIT));
		ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
				() -> restClient.get().uri(server.uri("/?headerBytes=" + 4 * LIMIT)).retrieve().toBodilessEntity());
		assertThat(failure).isNotNull();
		assertThat(failure.getCause()).isInstanceOfSatisfying(ResponseHeadersTooLargeException.class,
				(tooLarge) -> assertThat(tooLarge.getDestination()).isEqualTo(server.destination()));
		assertThat(failure.getMessage()).contains(server.destination())
			.contains("internal.http.client.max-response-headers-size")
			.contains(LIMIT + " bytes")
			.doesNotContain("@")
			.hasSizeLessThan(600);
		assertThat(server.requests()).as("requests the server received").isEqualTo(1);
		assertThat(restClient.get().uri(server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		assertThat(this.client.onlyDestination().retries()).isEmpty();
	}

	/**
	 * The client announces its limit in SETTINGS_MAX_HEADER_LIST_SIZE, and Jetty's server
	 * keeps to it: instead of headers it cannot send it resets the stream with CANCEL and
	 * ends the connection with GOAWAY(COMPRESSION_ERROR), its HPACK state being lost.
	 * The client never sees the headers, so it reports the reset; the next request gets a
	 * new connection.
	 */
	@Test
	void whenH2cResponseHeadersExceedTheAnnouncedLimitThenTheRequestFailsOnceAndTheNextGetsANewConnection() {
		TestServer server = this.closeables.add(TestServer.clearText(100));
		RestClient restClient = this.client.restClient(
				settings().withProtocol(ProtocolMode.H2C).withMaxResponseHeadersSize(LIMIT));
		ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
				() -> restClient.get().uri(server.uri("/?headerBytes=" + 4 * LIMIT)).retrieve().toBodilessEntity());
		assertThat(failure).isNotNull();
		assertThat(failure.getCause()).isInstanceOfSatisfying(StreamResetException.class, (reset) -> {
			assertThat(reset.getDestination()).isEqualTo(server.destination());
			assertThat(reset.getErrorCode()).isEqualTo("CANCEL");
		});
		assertThat(server.requests()).as("requests the server received").isEqualTo(1);
		assertThat(restClient.get().uri(server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		DestinationSnapshot destination = this.client.onlyDestination();
		// The failed request was not sent again (the server received it once, above). The
		// next one can race the server's GOAWAY onto the old connection, which leaves it
		// unprocessed: then, and only then, it is sent again, as a GOAWAY's.
		assertThat(destination.retries().keySet()).isSubsetOf("goaway");
		assertThat(destination.connectionsOpened()).isEqualTo(2);
		// What HELP.md tells users to look for: the reset, and the GOAWAY saying why.
		assertThat(destination.streamResets()).containsEntry("CANCEL", 1L);
		await().atMost(RESPONSE_TIMEOUT)
			.untilAsserted(() -> assertThat(this.client.onlyDestination().goAwaysByCode())
				.containsEntry("COMPRESSION_ERROR", 1L));
	}

	/**
	 * A server that ignores the client's SETTINGS_MAX_HEADER_LIST_SIZE, as some do, and
	 * sends the oversized header block anyway: in one HEADERS frame, which the client's
	 * HPACK decoder refuses, or split over CONTINUATION frames, which the client refuses
	 * once their fragments pass the limit. Either way the client must close the connection
	 * (its HPACK state is lost); the request fails once, naming the limit and the
	 * property, and the next request gets a new connection.
	 */
	@ParameterizedTest(name = "{0} bytes of headers")
	@ValueSource(ints = { 20 * 1024, 64 * 1024 })
	void whenAnH2cServerIgnoresTheAnnouncedLimitThenTheRequestFailsOnceNamingThePropertyAndTheNextGetsANewConnection(
			int headerBytes) {
		TestServer server = this.closeables.add(TestServer.clearText(100)).ignoringAnnouncedHeaderListSize();
		RestClient restClient = this.client.restClient(
				settings().withProtocol(ProtocolMode.H2C).withMaxResponseHeadersSize(LIMIT));
		ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
				() -> restClient.get().uri(server.uri("/?headerBytes=" + headerBytes)).retrieve().toBodilessEntity());
		assertThat(failure).isNotNull();
		assertThat(failure.getCause()).isInstanceOfSatisfying(ResponseHeadersTooLargeException.class, (tooLarge) -> {
			assertThat(tooLarge.getDestination()).isEqualTo(server.destination());
			assertThat(tooLarge.getCause()).as("Jetty's failure, kept").hasMessageStartingWith("protocol_error/");
		});
		assertThat(failure.getMessage()).contains(server.destination())
			.contains("internal.http.client.max-response-headers-size")
			.contains(LIMIT + " bytes")
			.contains("new connection")
			.doesNotContain("@");
		assertThat(server.requests()).as("requests the server received").isEqualTo(1);
		assertThat(this.client.onlyDestination().retries()).isEmpty();
		await().atMost(RESPONSE_TIMEOUT).untilAsserted(() -> {
			DestinationSnapshot closing = this.client.onlyDestination();
			assertThat(closing.connectionsClosed()).as("connections closed by the client").isEqualTo(1);
			assertThat(closing.goAwaysSentByCode()).as("GOAWAYs the client sent")
				.containsExactly(java.util.Map.entry("PROTOCOL_ERROR", 1L));
		});
		assertThat(restClient.get().uri(server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		assertThat(server.requests()).isEqualTo(2);
		DestinationSnapshot destination = this.client.onlyDestination();
		// The failed request was not sent again (the server received it once, above). The
		// next one can race the server's GOAWAY onto the old connection, which leaves it
		// unprocessed: then, and only then, it is sent again, as a GOAWAY's.
		assertThat(destination.retries().keySet()).isSubsetOf("goaway");
		assertThat(destination.connectionsOpened()).isEqualTo(2);
		assertThat(server.connectionsAccepted()).isEqualTo(2);
	}

	private static InternalHttpClientSettings settings() {
		return InternalHttpClientSettings.defaults().withResponseTimeout(RESPONSE_TIMEOUT);
	}

}
