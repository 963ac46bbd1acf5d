package io.github.internalhttp.client;

import java.util.List;

import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of calls that are all in flight at once opens exactly as many connections as
 * the server's stream limit requires, ceil(calls / streams), run after run: the server
 * holds every call until it has received them all, so no fewer would do, and any more
 * is a connection the pool did not need.
 */
class ConnectionCountTests {

	private static final int CALLS = 200;

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	private TestServer server;

	@RepeatedTest(20)
	void whenTwoHundredCallsMeetAnH2cServerAllowingEightStreamsThenExactlyTwentyFiveConnectionsOpen() {
		this.server = this.closeables.add(TestServer.clearText(8).releaseAfter(CALLS));
		RestClient restClient = this.client
			.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		assertEveryCallSucceedsOver(restClient, "HTTP/2.0");
		assertConnections(25, WireProtocol.H2C, 8);
	}

	@RepeatedTest(20)
	void whenTwoHundredCallsMeetATlsServerAllowingAHundredStreamsThenExactlyTwoH2ConnectionsOpen() throws Exception {
		this.server = this.closeables.add(TestServer.tls(true, 100).releaseAfter(CALLS));
		RestClient restClient = this.client.restClient(
				InternalHttpClientSettings.defaults().withSslBundle(InternalHttpClientTests.trustingTestCa()));
		assertEveryCallSucceedsOver(restClient, "HTTP/2.0");
		assertConnections(2, WireProtocol.H2, 100);
	}

	private void assertEveryCallSucceedsOver(RestClient restClient, String protocol) {
		List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(CALLS,
				() -> restClient.get().uri(this.server.uri("/hold")).retrieve().toEntity(String.class));
		assertThat(outcomes).allSatisfy((outcome) -> {
			assertThat(outcome.failure()).isNull();
			assertThat(outcome.value().getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo(protocol);
		});
	}

	private void assertConnections(int expected, WireProtocol protocol, int maxStreams) {
		DestinationSnapshot destination = this.client.onlyDestination();
		assertThat(this.server.connectionsAccepted()).as("connections accepted (%s)", destination).isEqualTo(expected);
		assertThat(destination.connectionsOpened()).isEqualTo(expected);
		assertThat(destination.connectFailures()).isZero();
		assertThat(destination.protocol()).isEqualTo(protocol);
		assertThat(destination.maxStreams()).isEqualTo(maxStreams);
	}

}
