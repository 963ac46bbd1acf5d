package io.github.internalhttp.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.Load;
import io.github.internalhttp.testsupport.SilentHttp2Peer;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests of how {@link InternalHttpClient} retires, checks and prewarms connections,
 * against real servers on loopback.
 */
class ConnectionLifecycleTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

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

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenConnectionsReachTheirMaxAgeUnderLoadThenTheyRotateWithoutFailingARequest(ProtocolMode protocol) {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
			.withProtocol(protocol)
			.withPool((pool) -> pool.withMaxConnectionAge(Duration.ofMillis(500)))
			.withPool((pool) -> pool.withMaxConnectionAgeJitter(Duration.ofMillis(200))));
		Load.Result result = Load.run(20, Duration.ofMillis(2500), 20_000,
				() -> restClient.get().uri(this.server.uri("/?delayMs=5")).retrieve().body(String.class));
		assertThat(result.failures()).isEmpty();
		assertThat(result.succeeded()).isPositive();
		DestinationSnapshot snapshot = this.client.onlyDestination();
		// 2.5 s of traffic over connections that live at most 0.5 s: several generations.
		int generations = (protocol == ProtocolMode.H2C) ? 1 : 20;
		assertThat(this.server.connectionsAccepted()).isGreaterThan(generations * 3);
		assertThat(snapshot.connectionsClosed()).isGreaterThanOrEqualTo(generations * 2);
	}

	@Test
	void whenNoMaxAgeIsSetThenLoadKeepsItsConnection() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		Load.Result result = Load.run(20, Duration.ofMillis(1000), 20_000,
				() -> restClient.get().uri(this.server.uri("/?delayMs=5")).retrieve().body(String.class));
		assertThat(result.failures()).isEmpty();
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenMaxRequestsPerConnectionIsTenThenThirtySequentialRequestsUseThreeConnections(ProtocolMode protocol) {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(
				InternalHttpClientSettings.defaults().withProtocol(protocol).withPool((pool) -> pool.withMaxRequestsPerConnection(10)));
		for (int i = 0; i < 30; i++) {
			assertThat(restClient.get().uri(this.server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		}
		assertThat(this.server.requests()).isEqualTo(30);
		assertThat(this.server.connectionsAccepted()).isEqualTo(3);
	}

	@Test
	void whenDestinationHasNoConnectionForLongerThanItsIdleTimeoutThenItIsDropped() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withIdleTimeout(Duration.ofMillis(200))
			.withPool((pool) -> pool.withDestinationIdleTimeout(Duration.ofMillis(300))));
		restClient.get().uri(this.server.uri("/")).retrieve().body(String.class);
		assertThat(this.client.get().destinations()).hasSize(1);
		// The connection idles out after 200 ms; Jetty sweeps destinations every second.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.client.get().destinations().isEmpty());
		assertThat(restClient.get().uri(this.server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		assertThat(this.client.onlyDestination().connectionsOpened()).isEqualTo(1);
	}

	@Test
	void whenDestinationKeepsAConnectionThenItIsNotDropped() throws Exception {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withPool((pool) -> pool.withDestinationIdleTimeout(Duration.ofMillis(300))));
		restClient.get().uri(this.server.uri("/")).retrieve().body(String.class);
		// A witness: a second destination, with no connection, is dropped by the same sweep
		// that must keep the first.
		awaitSweepOfAnUnreachableDestination(restClient);
		assertThat(this.client.onlyDestination().idleConnections()).isEqualTo(1);
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void whenHttp2PeerStopsAnsweringThenPingEvictsItsConnection() throws Exception {
		this.silentPeer = SilentHttp2Peer.start();
		this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withHttp2((http2) -> http2.withPingInterval(Duration.ofMillis(200)))
			.withHttp2((http2) -> http2.withPingTimeout(Duration.ofMillis(300))));
		this.client.get().prewarm(this.silentPeer.uri(), 1).get(5, TimeUnit.SECONDS);
		assertThat(this.client.onlyDestination().idleConnections()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			DestinationSnapshot snapshot = this.client.onlyDestination();
			assertThat(snapshot.connectionsClosed()).isEqualTo(1);
			assertThat(snapshot.activeConnections() + snapshot.idleConnections()).isZero();
			assertThat(this.silentPeer.connectionsClosedByClient()).isEqualTo(1);
		});
		assertThat(this.silentPeer.connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void whenPingsAreOffThenASilentPeerKeepsItsConnection() throws Exception {
		this.silentPeer = SilentHttp2Peer.start();
		this.client.create(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withPool((pool) -> pool.withDestinationIdleTimeout(Duration.ofMillis(300))));
		this.client.get().prewarm(this.silentPeer.uri(), 1).get(5, TimeUnit.SECONDS);
		// A witness that time passed: a destination swept away after its own idle timeout
		// and a sweep period, longer than PINGs on would take to evict a silent peer.
		awaitSweepOfAnUnreachableDestination(
				RestClient.builder().requestFactory(this.client.get().requestFactory()).build());
		assertThat(this.client.onlyDestination().idleConnections()).isEqualTo(1);
		assertThat(this.silentPeer.connectionsClosedByClient()).isZero();
	}

	@Test
	void whenHttp2PeerAnswersPingsThenItsConnectionStays() throws Exception {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withHttp2((http2) -> http2.withPingInterval(Duration.ofMillis(200)))
			.withHttp2((http2) -> http2.withPingTimeout(Duration.ofMillis(500))));
		restClient.get().uri(this.server.uri("/")).retrieve().body(String.class);
		// A witness that PING rounds and timeouts ran: a silent peer on the same client is
		// evicted by them, while the answering server keeps its connection.
		this.silentPeer = SilentHttp2Peer.start();
		this.client.get().prewarm(this.silentPeer.uri(), 1).get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.silentPeer.connectionsClosedByClient() == 1);
		DestinationSnapshot snapshot = this.client.get().destinations().stream()
			.filter((d) -> isAt(d, this.server.port()))
			.findFirst().orElseThrow();
		assertThat(snapshot.idleConnections()).isEqualTo(1);
		assertThat(snapshot.connectionsClosed()).isZero();
		assertThat(restClient.get().uri(this.server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void whenPrewarmedThenServerHasTheConnectionBeforeAnyRequestAndABurstDialsNoMore() throws Exception {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		this.client.get().prewarm(this.server.uri("/"), 1).get(5, TimeUnit.SECONDS);
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
		assertThat(this.server.requests()).isZero();
		DestinationSnapshot prewarmed = this.client.onlyDestination();
		assertThat(prewarmed.protocol()).isEqualTo(WireProtocol.H2C);
		assertThat(prewarmed.idleConnections()).isEqualTo(1);
		List<Burst.Outcome<String>> outcomes = Burst.run(100,
				() -> restClient.get().uri(this.server.uri("/?delayMs=200")).retrieve().body(String.class));
		assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
		assertThat(this.client.onlyDestination().connectionsOpened()).isEqualTo(1);
	}

	@Test
	void whenPrewarmingSeveralHttp1ConnectionsThenEachIsOpened() throws Exception {
		this.server = TestServer.clearText(256);
		this.client.create(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.HTTP1));
		this.client.get().prewarm(this.server.uri("/"), 4).get(5, TimeUnit.SECONDS);
		assertThat(this.client.onlyDestination().idleConnections()).isEqualTo(4);
		// The server may see the last accepted sockets a moment after the client.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.connectionsAccepted() == 4);
	}

	@Test
	void whenPrewarmDestinationIsUnreachableThenFutureFailsAndSnapshotRecordsIt() {
		this.server = TestServer.clearText(256);
		URI unreachable = this.server.uri("/");
		this.server.close();
		this.server = null;
		this.client.create(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		CompletableFuture<Void> prewarm = this.client.get().prewarm(unreachable, 1);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> prewarm.get(5, TimeUnit.SECONDS));
		DestinationSnapshot snapshot = this.client.onlyDestination();
		assertThat(snapshot.connectFailures()).isEqualTo(1);
		assertThat(snapshot.lastFailure()).contains("ConnectException");
	}

	@Test
	void whenClientClosesWhileAConnectionIsBeingOpenedThenItStopsCleanly() {
		this.silentPeer = SilentHttp2Peer.start(null);
		this.client.create(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		CompletableFuture<Void> prewarm = this.client.get().prewarm(this.silentPeer.uri(), 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.silentPeer.connectionsAccepted() == 1);
		assertThat(this.client.onlyDestination().pendingConnections()).isEqualTo(1);
		this.client.get().close();
		assertThat(this.client.get().isRunning()).isFalse();
		assertThat(prewarm).isCompletedExceptionally();
	}


	private void awaitSweepOfAnUnreachableDestination(RestClient restClient) {
		int closedPort = TestServer.closedPort();
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> restClient.get().uri("http://127.0.0.1:" + closedPort + "/").retrieve().toBodilessEntity());
		assertThat(this.client.get().destinations()).anyMatch((d) -> isAt(d, closedPort));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.client.get().destinations().stream().noneMatch((d) -> isAt(d, closedPort)));
	}

	private static boolean isAt(DestinationSnapshot destination, int port) {
		return destination.destination().toString().endsWith(":" + port);
	}

}
