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
		assertThat(careless.failures()).as("careless requests that failed").isEmpty();
		assertThat(abandoned).hasValue(2000);
		// Bodies that need the connection's window, as every body does, received whole (a
		// streamed one would itself be subject to the short idle timeout of this test).
		int normalBody = 64 * 1024;
		URI normalUri = server.bodyUri(normalBody, true, "now");
		List<Burst.Outcome<Integer>> normal = Burst.run(20, () -> {
			try (ClientHttpResponse response = client.requestFactory()
				.createRequest(normalUri, HttpMethod.GET)
				.execute(); InputStream body = response.getBody()) {
				return body.readAllBytes().length;
			}
		});
		assertThat(normal).allSatisfy((outcome) -> assertThat(outcome.value()).as(outcome.toString())
			.isEqualTo(normalBody));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.client.onlyDestination().activeStreams()).isZero());
		DestinationSnapshot destination = this.client.onlyDestination();
		// Abandoned bodies are drained, not reset: no rapid-reset limit of the server is
		// reached, and the one connection served everything.
		assertThat(destination.streamResets()).as("resets").isEmpty();
		assertThat(destination.goAways()).as("GOAWAYs").isZero();
		assertThat(destination.retries()).as("retries").isEmpty();
		assertThat(server.connectionsAccepted()).as("connections the server accepted").isEqualTo(1);
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
	void whenACallerAbandonsABodyOverHttp1ThenTheBodyIsDrainedAndTheConnectionServesTheNextRequest() throws Exception {
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
		assertThat(server.connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void whenACallerAbandonsABodyTooLargeToDrainOverH2cThenItsStreamIsResetAndTheConnectionServesOthers()
			throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(128));
		InternalHttpClient client = this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withResponseBodyIdleTimeout(BODY_IDLE_TIMEOUT));
		client.start();
		ClientHttpResponse abandoned = client.requestFactory()
			.createRequest(server.bodyUri(ReleasingResponseListener.DISCARD_LIMIT + MEGABYTE, true, "now"), HttpMethod.GET)
			.execute();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.client.onlyDestination().activeStreams()).isZero());
		try (ClientHttpResponse next = client.requestFactory().createRequest(server.uri("/"), HttpMethod.GET).execute()) {
			assertThat(next.getBody().readAllBytes()).asString().isEqualTo("ok");
		}
		assertThat(catchThrowableOfType(ResponseBodyIdleTimeoutException.class,
				() -> abandoned.getBody().readAllBytes()))
			.isNotNull();
		abandoned.close();
		assertThat(server.connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void whenACallerAbandonsABodyTooLargeToDrainOverHttp1ThenItsConnectionIsClosedAndTheNextRequestGetsAnother()
			throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(128));
		InternalHttpClient client = this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.HTTP1)
			.withResponseBodyIdleTimeout(BODY_IDLE_TIMEOUT)
			.withPool((pool) -> pool.withMaxConnectionsPerDestination(1)));
		client.start();
		ClientHttpResponse abandoned = client.requestFactory()
			.createRequest(server.bodyUri(ReleasingResponseListener.DISCARD_LIMIT + MEGABYTE, true, "now"), HttpMethod.GET)
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
