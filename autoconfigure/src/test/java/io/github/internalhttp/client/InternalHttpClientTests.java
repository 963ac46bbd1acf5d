package io.github.internalhttp.client;

import java.io.InputStream;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;


import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@link InternalHttpClient} against real servers on loopback, through
 * {@link RestClient} as users call it.
 */
class InternalHttpClientTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	private TestServer server;

	@AfterEach
	void close() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void whenTwoHundredConcurrentH2cRequestsFromColdThenOneConnectionCarriesThemAll() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(200,
				() -> restClient.get().uri(this.server.uri("/?delayMs=300")).retrieve().toEntity(String.class));
		assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
		assertThat(protocols(outcomes)).containsExactly("HTTP/2.0");
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
		DestinationSnapshot snapshot = this.client.onlyDestination();
		assertThat(snapshot.protocol()).isEqualTo(WireProtocol.H2C);
		assertThat(snapshot.connectionsOpened()).isEqualTo(1);
		assertThat(snapshot.maxStreams()).isEqualTo(256);
	}

	@Test
	void whenServerAllowsFewerStreamsThanTheBurstThenPoolOpensOnlyEnoughConnections() {
		this.server = TestServer.clearText(50);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(200,
				() -> restClient.get().uri(this.server.uri("/?delayMs=500")).retrieve().toEntity(String.class));
		assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
		// 200 requests over connections of 50 streams each: 4 are needed, Jetty's default
		// pool would open 64.
		assertThat(this.server.connectionsAccepted()).isBetween(4, 5);
		assertThat(this.client.onlyDestination().maxStreams()).isEqualTo(50);
	}

	@Test
	void whenClientCapsStreamsThenCapAppliesBelowServerLimit() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(
				InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C).withHttp2((http2) -> http2.withMaxConcurrentStreams(100)));
		List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(200,
				() -> restClient.get().uri(this.server.uri("/?delayMs=500")).retrieve().toEntity(String.class));
		assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
		assertThat(this.server.connectionsAccepted()).isBetween(2, 3);
		assertThat(this.client.onlyDestination().maxStreams()).isEqualTo(100);
	}

	@Test
	void whenAutoModeOnClearTextThenThousandSequentialRequestsReuseOneHttp1Connection() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults());
		for (int i = 0; i < 1000; i++) {
			ResponseEntity<String> response = restClient.get().uri(this.server.uri("/")).retrieve().toEntity(String.class);
			assertThat(response.getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/1.1");
		}
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
		assertThat(this.server.connectionCloseRequests()).isZero();
		assertThat(this.client.onlyDestination().protocol()).isEqualTo(WireProtocol.HTTP1);
	}

	@Test
	void whenCallersDoNotReadTheBodyThenConnectionsAreStillReused() {
		this.server = TestServer.clearText(256);
		RestClient http1 = this.client.restClient(InternalHttpClientSettings.defaults());
		for (int i = 0; i < 200; i++) {
			http1.get().uri(this.server.uri("/")).retrieve().toBodilessEntity();
		}
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
		this.client.get().close();
		RestClient h2c = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		List<Burst.Outcome<ResponseEntity<Void>>> outcomes = Burst.run(200,
				() -> h2c.get().uri(this.server.uri("/?delayMs=100")).retrieve().toBodilessEntity());
		assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
		assertThat(this.server.connectionsAccepted()).isEqualTo(2);
	}

	@Test
	void whenAResponseSetsACookieThenNoLaterRequestCarriesIt() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults());
		ResponseEntity<String> setting = restClient.get().uri(this.server.uri("/set-cookie")).retrieve()
			.toEntity(String.class);
		assertThat(setting.getHeaders().getFirst("Set-Cookie")).startsWith("session=caller-a");
		ResponseEntity<String> next = restClient.get().uri(this.server.uri("/")).retrieve().toEntity(String.class);
		assertThat(next.getHeaders().getFirst(TestServer.COOKIE_ECHO_HEADER)).isNull();
	}

	@Test
	void whenServerAnswersConnectionCloseThenNextRequestSucceedsOnANewConnection() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults());
		for (int i = 0; i < 3; i++) {
			assertThat(restClient.get().uri(this.server.uri("/close")).retrieve().body(String.class)).isEqualTo("ok");
		}
		assertThat(this.server.connectionsAccepted()).isEqualTo(3);
		assertThat(restClient.get().uri(this.server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		assertThat(restClient.get().uri(this.server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
		assertThat(this.server.connectionsAccepted()).isEqualTo(4);
		assertThat(this.server.connectionCloseRequests()).isZero();
	}

	@Test
	void whenConcurrentHttp1RequestsThenEachConnectionCarriesOneRequestAtATime() {
		// The server answers only once all 50 are in: each needs a connection of its own.
		this.server = TestServer.clearText(256).releaseAfter(50);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults());
		List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(50,
				() -> restClient.get().uri(this.server.uri("/hold")).retrieve().toEntity(String.class));
		assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
		assertThat(protocols(outcomes)).containsExactly("HTTP/1.1");
		assertThat(this.server.connectionsAccepted()).isEqualTo(50);
		assertThat(this.client.onlyDestination().maxStreams()).isEqualTo(1);
	}

	@Test
	void whenHttp1ModeThenClearTextUsesHttp1Only() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.HTTP1));
		ResponseEntity<String> response = restClient.get().uri(this.server.uri("/")).retrieve().toEntity(String.class);
		assertThat(response.getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/1.1");
	}

	@Test
	void whenTlsServerNegotiatesH2ThenColdBurstOfTwoHundredOpensOneConnection() throws Exception {
		this.server = TestServer.tls(true, 256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withSslBundle(trustingTestCa()));
		List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(200,
				() -> restClient.get().uri(this.server.uri("/?delayMs=300")).retrieve().toEntity(String.class));
		assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
		assertThat(protocols(outcomes)).containsExactly("HTTP/2.0");
		assertThat(this.client.onlyDestination().connectionsOpened()).isEqualTo(1);
		assertThat(this.server.connectionsAccepted()).isEqualTo(1);
		assertThat(this.client.onlyDestination().protocol()).isEqualTo(WireProtocol.H2);
	}

	@Test
	void whenTlsServerSpeaksOnlyHttp1ThenBurstGrowsAnHttp1Pool() throws Exception {
		this.server = TestServer.tls(false, 0);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withSslBundle(trustingTestCa()));
		List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(20,
				() -> restClient.get().uri(this.server.uri("/?delayMs=300")).retrieve().toEntity(String.class));
		assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
		assertThat(protocols(outcomes)).containsExactly("HTTP/1.1");
		assertThat(this.server.connectionsAccepted()).isGreaterThan(1);
		assertThat(this.client.onlyDestination().protocol()).isEqualTo(WireProtocol.HTTP1);
	}

	@Test
	void whenQueueIsFullThenRequestsFailFastWithTheDestination() {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.HTTP1)
			.withPool((pool) -> pool.withMaxConnectionsPerDestination(1))
			.withPool((pool) -> pool.withMaxQueuedRequestsPerDestination(2)));
		// One request on the only connection, two in the queue: the queue is full.
		List<CompletableFuture<String>> admitted = new ArrayList<>();
		for (int queued = 0; queued < 3; queued++) {
			admitted.add(CompletableFuture
				.supplyAsync(() -> restClient.get().uri(this.server.uri("/hold")).retrieve().body(String.class)));
			int expectedQueue = queued;
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.requests() == 1 && this.client.get()
				.destinations()
				.stream()
				.mapToInt(DestinationSnapshot::queuedRequests)
				.sum() == expectedQueue);
		}
		List<Burst.Outcome<String>> outcomes = Burst.run(3,
				() -> restClient.get().uri(this.server.uri("/")).retrieve().body(String.class));
		assertThat(outcomes).allSatisfy((outcome) -> {
			assertThat(outcome.failure()).isInstanceOf(RequestRejectedException.class)
				.hasMessageContaining("http://127.0.0.1:" + this.server.port())
				.hasMessageContaining("queue is full");
			assertThat(((RequestRejectedException) outcome.failure()).getDestination())
				.isEqualTo("http://127.0.0.1:" + this.server.port());
		});
		// Rejected at once, while the admitted requests still wait.
		assertThat(admitted).noneMatch(CompletableFuture::isDone);
		this.server.release();
		assertThat(admitted).allSatisfy((request) -> assertThat(request.join()).isEqualTo("ok"));
		assertThat(this.server.requests()).isEqualTo(3);
	}

	@Test
	void whenConnectionIsRefusedThenResourceAccessExceptionNamesTheDestination() {
		this.server = TestServer.clearText(256);
		int port = this.server.port();
		this.server.close();
		this.server = null;
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> restClient.get().uri("http://127.0.0.1:" + port + "/").retrieve().body(String.class))
			.withMessageContaining("Cannot connect to http://127.0.0.1:" + port);
		assertThat(this.client.onlyDestination().connectFailures()).isEqualTo(1);
		assertThat(this.client.onlyDestination().lastFailure()).contains("ConnectException");
	}

	@Test
	void whenResponseHeadersAreLateThenRequestTimesOutNamingTheDestination() {
		this.server = TestServer.clearText(256);
		this.client.create(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		RestClient restClient = RestClient.builder()
			.requestFactory(this.client.get().requestFactory(Duration.ofMillis(200)))
			.build();
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> restClient.get().uri(this.server.uri("/?delayMs=3000")).retrieve().body(String.class))
			.withMessageContaining("No response headers from http://127.0.0.1:" + this.server.port());
	}

	@Test
	void whenClientIsClosedThenNoClientThreadRemainsAndRequestsAreRejected() throws Exception {
		this.server = TestServer.clearText(256);
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		Burst.run(20, () -> restClient.get().uri(this.server.uri("/")).retrieve().body(String.class));
		assertThat(clientThreads()).isNotEmpty();
		this.client.get().close();
		await().atMost(Duration.ofSeconds(10)).until(() -> clientThreads().isEmpty());
		assertThat(this.client.get().isRunning()).isFalse();
		assertThatExceptionOfType(RequestRejectedException.class)
			.isThrownBy(() -> restClient.get().uri(this.server.uri("/")).retrieve().body(String.class))
			.withMessageContaining("closed");
	}

	private static Set<String> protocols(List<Burst.Outcome<ResponseEntity<String>>> outcomes) {
		return outcomes.stream()
			.map((outcome) -> outcome.value().getHeaders().getFirst(TestServer.PROTOCOL_HEADER))
			.collect(Collectors.toSet());
	}

	private static Set<String> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith(InternalHttpClient.THREAD_NAME_PREFIX))
			.collect(Collectors.toSet());
	}

	static SslBundle trustingTestCa() throws Exception {
		return trustingTestCa(SslOptions.NONE);
	}

	/**
	 * An SSL bundle that trusts the test servers' certificate, with the given options.
	 */
	static SslBundle trustingTestCa(SslOptions options) throws Exception {
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = InternalHttpClientTests.class.getResourceAsStream("/tls/trust.p12")) {
			trustStore.load(in, "changeit".toCharArray());
		}
		return SslBundle.of(SslStoreBundle.of(null, null, trustStore), null, options);
	}

}
