package io.github.internalhttp.client;

import java.util.List;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's SETTINGS_MAX_CONCURRENT_STREAMS decides how many connections a burst
 * needs: every request succeeds, the pool opens only what the limit requires, and what
 * exceeds the connection limit waits in the bounded queue.
 */
class StreamLimitTests {

	@org.junit.jupiter.api.Test
	void whenServerLowersItsStreamLimitMidConnectionThenThePoolHonoursIt() {
		try (TestServer server = TestServer.clearText(256);
				InternalHttpClient client = new InternalHttpClient(
						InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C))) {
			RestClient restClient = RestClient.builder().requestFactory(client.requestFactory()).build();
			assertThat(restClient.get().uri(server.uri("/?maxStreams=10")).retrieve().body(String.class))
				.isEqualTo("ok");
			assertThat(client.destinations().get(0).maxStreams()).isEqualTo(10);
			List<Burst.Outcome<String>> outcomes = Burst.run(40,
					() -> restClient.get().uri(server.uri("/?delayMs=300")).retrieve().body(String.class));
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure()).isNull());
			// The first connection now carries 10 streams; the 30 others need a second one,
			// whose fresh session allows the server's initial 256.
			assertThat(server.connectionsAccepted()).isEqualTo(2);
		}
	}

	@org.junit.jupiter.api.Test
	void whenADestinationHasItsOwnStreamCapThenOnlyThatDestinationUsesIt() {
		try (TestServer capped = TestServer.clearText(256); TestServer other = TestServer.clearText(256);
				InternalHttpClient client = new InternalHttpClient(InternalHttpClientSettings.defaults()
					.withProtocol(ProtocolMode.H2C)
					.withDestinations(List.of(new DestinationSettings("127.0.0.1", capped.port(), null, 3, 20))))) {
			RestClient restClient = RestClient.builder().requestFactory(client.requestFactory()).build();
			restClient.get().uri(capped.uri("/")).retrieve().body(String.class);
			restClient.get().uri(other.uri("/")).retrieve().body(String.class);
			assertThat(client.destinations()).anySatisfy((destination) -> {
				assertThat(destination.destination()).hasToString(capped.destination());
				assertThat(destination.maxStreams()).isEqualTo(20);
				assertThat(destination.maxConnections()).isEqualTo(3);
			});
			assertThat(client.destinations()).anySatisfy((destination) -> {
				assertThat(destination.destination()).hasToString(other.destination());
				assertThat(destination.maxStreams()).isEqualTo(256);
				assertThat(destination.maxConnections()).isEqualTo(64);
			});
		}
	}

	@ParameterizedTest(name = "server allows {0} streams: {1} connections")
	@CsvSource({ "1, 16", "8, 16", "100, 2" })
	void whenTwoHundredConcurrentRequestsMeetAServerStreamLimitThenEveryRequestSucceeds(int serverStreams,
			int expectedConnections) {
		try (TestServer server = TestServer.clearText(serverStreams);
				InternalHttpClient client = new InternalHttpClient(InternalHttpClientSettings.defaults()
					.withProtocol(ProtocolMode.H2C)
					.withPool((pool) -> pool.withMaxConnectionsPerDestination(16))
					.withPool((pool) -> pool.withMaxQueuedRequestsPerDestination(200)))) {
			RestClient restClient = RestClient.builder().requestFactory(client.requestFactory()).build();
			List<Burst.Outcome<String>> outcomes = Burst.run(200,
					() -> restClient.get().uri(server.uri("/?delayMs=300")).retrieve().body(String.class));
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure()).isNull());
			// ceil(200 / streams), capped by the 16 connections allowed: every request is in
			// flight at once, since each takes 300 ms.
			assertThat(server.connectionsAccepted()).isBetween(expectedConnections, expectedConnections + 1)
				.isLessThanOrEqualTo(16);
			DestinationSnapshot destination = client.destinations().get(0);
			assertThat(destination.maxStreams()).isEqualTo(serverStreams);
			assertThat(destination.queuedRequests()).isZero();
		}
	}

}
