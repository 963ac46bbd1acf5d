package io.github.internalhttp.client;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.Load;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Callers that neither read nor close a streamed response body: the body idle timeout
 * aborts their exchanges, so that the connection's flow-control window and stream slots
 * go back to everyone else, and the careless caller learns why when it reads at last.
 */
class UnreadResponseBodyTests {

	private static final int MEGABYTE = 1024 * 1024;

	/** Short, so that 2000 abandoned bodies take seconds: the mechanism is the same. */
	private static final Duration BODY_IDLE_TIMEOUT = Duration.ofMillis(50);

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@Test
	void whenThousandsOfCallersAbandonLargeBodiesOnOneH2cConnectionThenLaterRequestsStillSucceedAndNoStreamStaysOpen()
			throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(128));
		InternalHttpClient client = this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withResponseTimeout(Duration.ofSeconds(5))
			.withResponseBodyIdleTimeout(BODY_IDLE_TIMEOUT)
			.withPool((pool) -> pool.withMaxConnectionsPerDestination(1)));
		client.start();
		URI large = server.bodyUri(MEGABYTE, true, "now");
		AtomicInteger abandoned = new AtomicInteger();
		Load.Result careless = Load.run(16, Duration.ofSeconds(60), 2000, () -> {
			ClientHttpResponse response = client.requestFactory().createRequest(large, HttpMethod.GET).execute();
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			abandoned.incrementAndGet();
			// Neither read nor closed.
			return response;
		});
		assertThat(careless.succeeded() + careless.failures().size()).as("careless requests, all accounted for")
			.isEqualTo(2000);
		assertThat(abandoned).hasValue(careless.succeeded());
		// A request the server accepted before its GOAWAY(ENHANCE_YOUR_CALM) fails, typed and
		// named (as a lost connection when the server's reset of the TCP connection
		// overtakes its GOAWAY); the others are sent again.
		assertThat(careless.failures()).as("careless requests that failed")
			.allSatisfy((failure) -> assertThat(failure).isInstanceOfAny(GoAwayException.class,
					ConnectionClosedException.class)
				.hasMessageContaining(server.destination()));
		List<Burst.Outcome<Integer>> normal = Burst.run(20, () -> {
			try (ClientHttpResponse response = client.requestFactory()
				.createRequest(large, HttpMethod.GET)
				.execute(); InputStream body = response.getBody()) {
				return body.readAllBytes().length;
			}
		});
		assertThat(normal).allSatisfy((outcome) -> assertThat(outcome.value()).as(outcome.toString())
			.isEqualTo(MEGABYTE));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.client.onlyDestination().activeStreams()).isZero());
		DestinationSnapshot destination = this.client.onlyDestination();
		assertThat(destination.activeConnections() + destination.idleConnections()).as("connections left").isOne();
		// Every abandoned body ends in a CANCEL reset: past its rapid-reset limit (128 a
		// second for Jetty), the server answers GOAWAY(ENHANCE_YOUR_CALM) and the client
		// moves to a new connection, the server's unprocessed requests sent again there.
		assertThat(destination.connectionsOpened()).isEqualTo(destination.goAways() + 1);
	}

	@Test
	void whenACallerReadsAnAbandonedBodyAtLastThenItLearnsTheDestinationAndThePropertyAndTheConnectionServesOthers()
			throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(128));
		InternalHttpClient client = this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withResponseBodyIdleTimeout(BODY_IDLE_TIMEOUT));
		client.start();
		ClientHttpResponse abandoned = client.requestFactory()
			.createRequest(server.bodyUri(MEGABYTE, true, "now"), HttpMethod.GET)
			.execute();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.client.onlyDestination().activeStreams()).isZero());
		assertThat(abandoned.getStatusCode()).isEqualTo(HttpStatus.OK);
		ResponseBodyIdleTimeoutException failure = catchThrowableOfType(ResponseBodyIdleTimeoutException.class,
				() -> abandoned.getBody().readAllBytes());
		assertThat(failure).isNotNull();
		assertThat(failure.getDestination()).isEqualTo(server.destination());
		assertThat(failure.getMessage()).contains(server.destination())
			.contains("internal.http.client.response-body-idle-timeout");
		abandoned.close();
		try (ClientHttpResponse next = client.requestFactory().createRequest(server.uri("/"), HttpMethod.GET).execute()) {
			assertThat(next.getBody().readAllBytes()).asString().isEqualTo("ok");
		}
		assertThat(this.client.onlyDestination().streamResets()).as("resets the server sent").isEmpty();
		assertThat(server.connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void whenACallerAbandonsABodyOverHttp1ThenItsConnectionIsClosedAndTheNextRequestGetsAnother() throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(128));
		InternalHttpClient client = this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.HTTP1)
			.withResponseBodyIdleTimeout(BODY_IDLE_TIMEOUT)
			.withPool((pool) -> pool.withMaxConnectionsPerDestination(1)));
		client.start();
		ClientHttpResponse abandoned = client.requestFactory()
			.createRequest(server.bodyUri(MEGABYTE, true, "now"), HttpMethod.GET)
			.execute();
		// With one connection allowed, this request can only go once the abandoned one is aborted.
		try (ClientHttpResponse next = client.requestFactory().createRequest(server.uri("/"), HttpMethod.GET).execute()) {
			assertThat(next.getBody().readAllBytes()).asString().isEqualTo("ok");
		}
		assertThat(catchThrowableOfType(ResponseBodyIdleTimeoutException.class,
				() -> abandoned.getBody().readAllBytes()))
			.isNotNull();
		assertThat(server.connectionsAccepted()).isEqualTo(2);
	}

}
