package io.github.internalhttp.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.WireProtocol;
import io.github.internalhttp.testsupport.SilentHttp2Peer;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the connection lifecycle properties reach the shared client and that
 * configured destinations are prewarmed at startup.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionLifecycleAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, SslAutoConfiguration.class));

	private TestServer server;

	private SilentHttp2Peer silentPeer;

	@AfterEach
	void close() {
		if (this.server != null) {
			this.server.close();
		}
		if (this.silentPeer != null) {
			this.silentPeer.close();
		}
	}

	@Test
	void whenLifecyclePropertiesAreNotSetThenConnectionsLiveUntilIdleAndPingsAreOff() {
		this.contextRunner.run((context) -> {
			InternalHttpClientSettings settings = context.getBean(InternalHttpClient.class).getSettings();
			assertThat(settings.pool().maxConnectionAge()).isNull();
			assertThat(settings.pool().maxConnectionAgeJitter()).isZero();
			assertThat(settings.pool().maxRequestsPerConnection()).isZero();
			assertThat(settings.pool().destinationIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
			assertThat(settings.http2().pingInterval()).isNull();
			assertThat(settings.http2().pingTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void whenLifecyclePropertiesAreSetThenTheyReachTheClient() {
		this.contextRunner
			.withPropertyValues("internal.http.client.pool.max-connection-age=30s",
					"internal.http.client.pool.max-connection-age-jitter=5s",
					"internal.http.client.pool.max-requests-per-connection=1000",
					"internal.http.client.pool.destination-idle-timeout=2m",
					"internal.http.client.http2.ping-interval=20s", "internal.http.client.http2.ping-timeout=3s")
			.run((context) -> {
				InternalHttpClientSettings settings = context.getBean(InternalHttpClient.class).getSettings();
				assertThat(settings.pool().maxConnectionAge()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.pool().maxConnectionAgeJitter()).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.pool().maxRequestsPerConnection()).isEqualTo(1000);
				assertThat(settings.pool().destinationIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
				assertThat(settings.http2().pingInterval()).isEqualTo(Duration.ofSeconds(20));
				assertThat(settings.http2().pingTimeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void whenMaxRequestsPerConnectionIsSetThenTheRestClientBeanRotatesConnections() {
		this.server = TestServer.clearText(256);
		this.contextRunner
			.withPropertyValues("internal.http.client.protocol=h2c",
					"internal.http.client.pool.max-requests-per-connection=10")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				for (int i = 0; i < 30; i++) {
					restClient.get().uri(this.server.uri("/")).retrieve().body(String.class);
				}
				assertThat(this.server.connectionsAccepted()).isEqualTo(3);
			});
	}

	@Test
	void whenPrewarmIsConfiguredWithWaitThenTheServerHasTheConnectionWhenStartupEnds() {
		this.server = TestServer.clearText(256);
		this.contextRunner
			.withPropertyValues("internal.http.client.protocol=h2c",
					"internal.http.client.prewarm.destinations[0].url=" + this.server.uri("/"),
					"internal.http.client.prewarm.wait=5s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.server.connectionsAccepted()).isEqualTo(1);
				assertThat(this.server.requests()).isZero();
				DestinationSnapshot snapshot = onlyDestination(context.getBean(InternalHttpClient.class));
				assertThat(snapshot.protocol()).isEqualTo(WireProtocol.H2C);
				assertThat(snapshot.idleConnections()).isEqualTo(1);
			});
	}

	@Test
	void whenPrewarmIsConfiguredWithoutWaitThenItCompletesAfterStartup() {
		this.server = TestServer.clearText(256);
		this.contextRunner
			.withPropertyValues("internal.http.client.protocol=h2c",
					"internal.http.client.prewarm.destinations[0].url=" + this.server.uri("/"),
					"internal.http.client.prewarm.destinations[0].connections=1")
			.run((context) -> {
				InternalHttpClient client = context.getBean(InternalHttpClient.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> onlyDestination(client).idleConnections() == 1);
				assertThat(this.server.connectionsAccepted()).isEqualTo(1);
			});
	}

	@Test
	void whenPrewarmWaitIsSetThenStartupWaitsForASlowHandshake() {
		this.silentPeer = SilentHttp2Peer.start(Duration.ofMillis(1000));
		this.contextRunner
			.withPropertyValues("internal.http.client.protocol=h2c",
					"internal.http.client.prewarm.destinations[0].url=" + this.silentPeer.uri(),
					"internal.http.client.prewarm.wait=10s")
			.run((context) -> {
				DestinationSnapshot snapshot = onlyDestination(context.getBean(InternalHttpClient.class));
				assertThat(snapshot.idleConnections()).isEqualTo(1);
				assertThat(snapshot.pendingConnections()).isZero();
			});
	}

	@Test
	void whenPrewarmDoesNotCompleteWithinTheWaitThenStartupGoesOn() {
		this.silentPeer = SilentHttp2Peer.start(null);
		this.contextRunner
			.withPropertyValues("internal.http.client.protocol=h2c",
					"internal.http.client.prewarm.destinations[0].url=" + this.silentPeer.uri(),
					"internal.http.client.prewarm.wait=300ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DestinationSnapshot snapshot = onlyDestination(context.getBean(InternalHttpClient.class));
				assertThat(snapshot.pendingConnections()).isEqualTo(1);
				assertThat(snapshot.idleConnections()).isZero();
			});
	}

	@Test
	void whenPrewarmDestinationIsUnreachableThenStartupSucceedsAndTheFailureIsLoggedAndRecorded(
			CapturedOutput output) {
		TestServer stopped = TestServer.clearText(256);
		String url = stopped.uri("/").toString();
		int port = stopped.port();
		stopped.close();
		this.contextRunner
			.withPropertyValues("internal.http.client.protocol=h2c",
					"internal.http.client.prewarm.destinations[0].url=" + url,
					"internal.http.client.prewarm.wait=5s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DestinationSnapshot snapshot = onlyDestination(context.getBean(InternalHttpClient.class));
				assertThat(snapshot.connectFailures()).isEqualTo(1);
				assertThat(snapshot.lastFailure()).contains("ConnectException");
				assertThat(output).contains("WARN")
					.contains("Could not prewarm 1 connection(s) to http://127.0.0.1:" + port);
			});
	}

	private static DestinationSnapshot onlyDestination(InternalHttpClient client) {
		List<DestinationSnapshot> destinations = client.destinations();
		assertThat(destinations).hasSize(1);
		return destinations.get(0);
	}

}
