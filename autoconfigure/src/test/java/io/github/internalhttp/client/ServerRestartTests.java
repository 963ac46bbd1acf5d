package io.github.internalhttp.client;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.Load;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server killed under load and started again on the same port: every request either
 * succeeds or fails with a typed error naming the destination, none is lost or hangs, and
 * the pool serves the requests after the restart.
 */
class ServerRestartTests {

	private static final int REQUESTS = 1500;

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenTheServerIsKilledMidLoadAndRestartedThenEveryRequestIsAccountedForAndThePoolRecovers(
			ProtocolMode protocol) throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(100));
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
			.withProtocol(protocol)
			.withResponseTimeout(Duration.ofSeconds(5)));
		URI slow = server.uri("/?delayMs=2");
		URI fast = server.uri("/");
		String destination = server.destination();
		CompletableFuture<Void> killed = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> server.requests() >= REQUESTS / 3);
			server.killAndRestart();
		});
		Load.Result load = Load.run(20, Duration.ofSeconds(60), REQUESTS,
				() -> restClient.post().uri(slow).body("order").retrieve().body(String.class));
		killed.get(30, TimeUnit.SECONDS);
		String summary = load.succeeded() + " succeeded; failures by type "
				+ load.failures().stream().collect(java.util.stream.Collectors.groupingBy(
						(failure) -> failure.getClass().getSimpleName() + "/"
								+ ((failure.getCause() != null) ? failure.getCause().getClass().getSimpleName() : ""),
						java.util.stream.Collectors.counting()))
				+ "; " + this.client.onlyDestination();
		assertThat(load.succeeded() + load.failures().size()).as("requests accounted for within the load's time: %s",
				summary).isEqualTo(REQUESTS);
		assertThat(load.succeeded()).as("requests that succeeded").isGreaterThan(REQUESTS / 3);
		assertThat(load.failures()).as("failures").allSatisfy((failure) -> {
			assertThat(failure).isInstanceOf(RestClientException.class).hasMessageContaining(destination);
			if (failure instanceof ResourceAccessException access) {
				// A request on a connection the killed server accepted but never served
				// (rare, HTTP/1.1) ends at its response timeout.
				assertThat(access.getCause()).isInstanceOfAny(ConnectException.class, ConnectionClosedException.class,
						GoAwayException.class, StreamResetException.class, SocketTimeoutException.class);
			}
			else {
				assertThat(failure).isInstanceOf(InternalHttpClientException.class);
			}
		});
		List<Burst.Outcome<String>> after = Burst.run(20,
				() -> restClient.get().uri(fast).retrieve().body(String.class));
		assertThat(after).allSatisfy((outcome) -> assertThat(outcome.value()).as(String.valueOf(outcome.failure()))
			.isEqualTo("ok"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.client.onlyDestination().activeStreams()).isZero());
	}

}
