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
 * <p>
 * Nothing here depends on how fast the machine is: the load is bounded by its number of
 * requests (the time limit only catches a hang), the kill comes once the server has
 * received a third of them, and the requests wait for their responses far longer than a
 * loaded machine needs, so that a request fails only because of the kill.
 */
class ServerRestartTests {

	private static final int REQUESTS = 1500;

	/** Requests the server receives before it is killed: a third of the load. */
	private static final int REQUESTS_BEFORE_KILL = REQUESTS / 3;

	/**
	 * Far longer than any response takes on a loaded machine: only a request that the
	 * killed server took and never answered waits this long.
	 */
	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

	/** Only a hang reaches this: the load ends when its requests have all finished. */
	private static final Duration LOAD_LIMIT = Duration.ofMinutes(4);

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
			.withResponseTimeout(RESPONSE_TIMEOUT));
		URI slow = server.uri("/?delayMs=2");
		URI fast = server.uri("/");
		String destination = server.destination();
		// The witness: the kill follows the requests the server received, not the clock.
		CompletableFuture<Integer> killed = CompletableFuture.supplyAsync(() -> {
			await().atMost(LOAD_LIMIT).pollInterval(Duration.ofMillis(5))
				.until(() -> server.requests() >= REQUESTS_BEFORE_KILL);
			server.killAndRestart();
			return server.requests();
		});
		Load.Result load = Load.run(20, LOAD_LIMIT, REQUESTS,
				() -> restClient.post().uri(slow).body("order").retrieve().body(String.class));
		int receivedAtKill = killed.get(30, TimeUnit.SECONDS);
		assertThat(receivedAtKill).as("requests received when the server was killed and restarted")
			.isLessThan(REQUESTS);
		String summary = load.succeeded() + " succeeded; failures by type "
				+ load.failures().stream().collect(java.util.stream.Collectors.groupingBy(
						(failure) -> failure.getClass().getSimpleName() + "/"
								+ ((failure.getCause() != null) ? failure.getCause().getClass().getSimpleName() : ""),
						java.util.stream.Collectors.counting()))
				+ "; " + this.client.onlyDestination();
		assertThat(load.succeeded() + load.failures().size())
			.as("requests accounted for (any missing hung for %s): %s", LOAD_LIMIT, summary)
			.isEqualTo(REQUESTS);
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
