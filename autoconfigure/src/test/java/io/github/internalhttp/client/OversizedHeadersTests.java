package io.github.internalhttp.client;

import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Response headers larger than {@code max-response-headers-size}, from a real server: the
 * request fails once with an error naming the destination, and the destination stays
 * usable.
 */
class OversizedHeadersTests {

	private static final int LIMIT = 16 * 1024;

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@Test
	void whenHttp1ResponseHeadersExceedTheLimitThenTheRequestFailsOnceNamingTheDestinationAndTheProperty() {
		TestServer server = this.closeables.add(TestServer.clearText(100));
		RestClient restClient = this.client.restClient(
				InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.HTTP1).withMaxResponseHeadersSize(LIMIT));
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
				InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C).withMaxResponseHeadersSize(LIMIT));
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
		assertThat(destination.retries()).isEmpty();
		assertThat(destination.connectionsOpened()).isEqualTo(2);
	}

}
