package io.github.internalhttp.actuate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.testsupport.TestServer;
import io.github.internalhttp.testsupport.MutableClock;
import io.github.internalhttp.testsupport.Traffic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link InternalHttpClientHealthIndicator}.
 */
class InternalHttpClientHealthIndicatorTests {

	private static final Duration SATURATION_PERIOD = Duration.ofSeconds(30);

	private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

	private final MutableClock clock = new MutableClock(Instant.now());

	private InternalHttpClient client = start(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));

	@AfterEach
	void stop() {
		this.client.close();
	}

	@Test
	void whenTheClientRunsWithoutDestinationsThenItIsUp() {
		Health health = indicator(false).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("running", true).containsEntry("destinations", Map.of());
	}

	@Test
	void whenTheClientIsStoppedThenItIsDown() {
		this.client.close();
		Health health = indicator(false).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("running", false);
	}

	@Test
	void whenADestinationServedRequestsThenItsDetailsShowItsPoolAndNoRequestData() {
		try (TestServer server = TestServer.clearText(7)) {
			Traffic.send(this.client, server.uri("/secret-path?token=secret-token"), 3);
			Health health = indicator(false).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> details = destination(health, server.destination());
			assertThat(details).containsEntry("status", "UP")
				.containsEntry("protocol", "h2c")
				.containsEntry("queuedRequests", 0)
				.containsEntry("maxQueuedRequests", 1024)
				.containsEntry("connectFailures", 0L)
				.doesNotContainKeys("reason", "lastFailure", "lastFailureTime");
			assertThat(details.get("connections")).isEqualTo(Map.of("active", 0, "idle",
					server.connectionsAccepted(), "pending", 0, "max", 64));
			assertThat(details.get("streams")).isEqualTo(Map.of("active", 0, "max", 7));
			assertThat(health.toString()).doesNotContain("secret");
		}
	}

	@Test
	void whenConnectionsToADestinationFailThenItIsDownButTheClientStaysUp() {
		URI unreachable = URI.create("http://127.0.0.1:" + TestServer.closedPort() + "/");
		Traffic.fail(this.client, unreachable);
		Health health = indicator(false).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> details = destination(health, "http://127.0.0.1:" + unreachable.getPort());
		assertThat(details).containsEntry("status", "DOWN")
			.containsEntry("reason", "Connections fail and none is open")
			.containsEntry("connectFailures", 1L)
			.containsKeys("lastFailure", "lastFailureTime");
		assertThat((String) details.get("lastFailure")).contains("Connect");
	}

	@Test
	void whenADestinationIsDownAndTheUserOptedInThenTheClientIsDown() {
		Traffic.fail(this.client, URI.create("http://127.0.0.1:" + TestServer.closedPort() + "/"));
		assertThat(indicator(true).health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void whenTheLastConnectionFailureIsOlderThanTheWindowThenTheDestinationIsUpAgain() {
		URI unreachable = URI.create("http://127.0.0.1:" + TestServer.closedPort() + "/");
		Traffic.fail(this.client, unreachable);
		this.clock.advance(FAILURE_WINDOW.plusMinutes(1));
		Health health = indicator(true).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(destination(health, "http://127.0.0.1:" + unreachable.getPort())).containsEntry("status", "UP")
			.containsKey("lastFailure");
	}

	@Test
	void whenTheQueueStaysAboveTheThresholdForThePeriodThenTheDestinationIsSaturated() throws Exception {
		this.client.close();
		// One HTTP/1.1 connection and a queue of 4: held requests beyond the first wait in the queue.
		this.client = start(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.HTTP1)
			.withPool((pool) -> pool.withMaxConnectionsPerDestination(1))
			.withPool((pool) -> pool.withMaxQueuedRequestsPerDestination(4)));
		try (TestServer server = TestServer.clearText(100)) {
			CountDownLatch done = Traffic.start(this.client, server.uri("/hold"), 4);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.client.destinations().stream().mapToInt(DestinationSnapshot::queuedRequests).sum(),
						(queued) -> queued == 3);
			InternalHttpClientHealthIndicator indicator = indicator(false);
			assertThat(destination(indicator.health(), server.destination())).containsEntry("status", "UP");
			this.clock.advance(SATURATION_PERIOD);
			Health saturated = indicator.health();
			assertThat(saturated.getStatus()).isEqualTo(Status.UP);
			assertThat(destination(saturated, server.destination()))
				.containsEntry("status", InternalHttpClientHealthIndicator.SATURATED)
				.containsEntry("queuedRequests", 3)
				.containsKey("reason");
			server.release();
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(destination(indicator.health(), server.destination())).containsEntry("status", "UP");
		}
	}

	@Test
	void whenTheSaturationThresholdIsOutOfRangeThenTheIndicatorIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InternalHttpClientHealthIndicator(this.client, 1.5,
				SATURATION_PERIOD, FAILURE_WINDOW, false, this.clock))
			.withMessageContaining("saturationThreshold");
	}

	private InternalHttpClientHealthIndicator indicator(boolean downWhenDestinationUnhealthy) {
		return new InternalHttpClientHealthIndicator(this.client, 0.5, SATURATION_PERIOD, FAILURE_WINDOW,
				downWhenDestinationUnhealthy, this.clock);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> destination(Health health, String destination) {
		Map<String, Object> destinations = (Map<String, Object>) health.getDetails().get("destinations");
		assertThat(destinations).containsKey(destination);
		return (Map<String, Object>) destinations.get(destination);
	}

	private InternalHttpClient start(InternalHttpClientSettings settings) {
		// The client's failure times and the indicator's windows read the same clock.
		InternalHttpClient client = new InternalHttpClient(settings, this.clock);
		client.start();
		return client;
	}

}
