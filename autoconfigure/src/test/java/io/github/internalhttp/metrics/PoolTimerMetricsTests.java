package io.github.internalhttp.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.DurationSummary;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.PoolTimer;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.DelayingProxy;
import io.github.internalhttp.testsupport.TestServer;
import io.github.internalhttp.testsupport.Traffic;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.client.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pool's timers and failure counters against real servers on loopback, read through
 * a real {@link SimpleMeterRegistry} and the client's own snapshot. Where a duration is
 * asserted, it is at least a delay the test itself put in the way: a fact, not a bound on
 * the client's speed.
 */
class PoolTimerMetricsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final Closeables closeables = new Closeables();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void whenTheServerDelaysItsTlsHandshakeThenTheHandshakeTimerRecordsAtLeastTheDelay() throws Exception {
		Duration delay = Duration.ofMillis(300);
		TestServer server = this.closeables.add(TestServer.tls(true, 100));
		DelayingProxy proxy = this.closeables.add(new DelayingProxy(server.port(), delay));
		InternalHttpClient client = client(InternalHttpClientSettings.defaults().withSslBundle(trustingTestCa()));
		metrics(client);
		String destination = "https://127.0.0.1:" + proxy.port();
		Traffic.send(client, URI.create(destination + "/"), 1);
		Timer handshake = timer(InternalHttpClientMetrics.CONNECTIONS_TLS_HANDSHAKE, destination, "h2");
		assertThat(handshake.count()).isEqualTo(1);
		assertThat(handshake.max(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(delay.toNanos());
		assertThat(timer(InternalHttpClientMetrics.CONNECTIONS_CONNECT, destination, "h2").count()).isEqualTo(1);
		DurationSummary recent = only(client).durations().get(PoolTimer.CONNECTIONS_TLS_HANDSHAKE);
		assertThat(recent.count()).isEqualTo(1);
		assertThat(recent.max()).isGreaterThanOrEqualTo(delay);
	}

	@Test
	void whenAnHttp1TlsServerDelaysItsHandshakeThenTheHandshakeIsRecordedThoughTheConnectionWasReadyBefore()
			throws Exception {
		Duration delay = Duration.ofMillis(300);
		TestServer server = this.closeables.add(TestServer.tls(false, 0));
		DelayingProxy proxy = this.closeables.add(new DelayingProxy(server.port(), delay));
		// HTTP/1.1 asked for, so no ALPN: Jetty reports the connection ready at the socket.
		InternalHttpClient client = client(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.HTTP1)
			.withSslBundle(trustingTestCa()));
		metrics(client);
		String destination = "https://127.0.0.1:" + proxy.port();
		Traffic.send(client, URI.create(destination + "/"), 1);
		Timer handshake = timer(InternalHttpClientMetrics.CONNECTIONS_TLS_HANDSHAKE, destination, "http1");
		assertThat(handshake.count()).isEqualTo(1);
		assertThat(handshake.max(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(delay.toNanos());
		assertThat(only(client).durations().get(PoolTimer.CONNECTIONS_TLS_HANDSHAKE).max())
			.isGreaterThanOrEqualTo(delay);
	}

	@Test
	void whenThePoolIsSaturatedThenEveryRequestRecordsItsWaitAndTheQueuedOnesWaitedForTheRelease()
			throws Exception {
		int requests = 4;
		Duration hold = Duration.ofMillis(150);
		// Buckets at the hold, so that the timer tells how many waits were longer.
		Duration boundary = hold.minusMillis(1);
		this.registry.config().meterFilter(new MeterFilter() {

			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				if (!id.getName().equals(InternalHttpClientMetrics.REQUESTS_WAIT)) {
					return config;
				}
				return DistributionStatisticConfig.builder()
					.serviceLevelObjectives(boundary.toNanos())
					.build()
					.merge(config);
			}

		});
		TestServer server = this.closeables.add(TestServer.clearText(1));
		InternalHttpClient client = client(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withPool((pool) -> pool.withMaxConnectionsPerDestination(1)));
		metrics(client);
		CountDownLatch done = Traffic.start(client, server.uri("/hold"), requests);
		// One request on the connection's only stream, the others queued behind it.
		await().atMost(WAIT).untilAsserted(() -> {
			DestinationSnapshot destination = only(client);
			assertThat(destination.activeStreams()).isEqualTo(1);
			assertThat(destination.queuedRequests()).isEqualTo(requests - 1);
		});
		// The queued requests cannot be sent before the held one is answered.
		Thread.sleep(hold.toMillis());
		server.release();
		assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(server.connectionsAccepted()).isEqualTo(1);
		Timer wait = timer(InternalHttpClientMetrics.REQUESTS_WAIT, server.destination(), "h2c");
		assertThat(wait.count()).isEqualTo(requests);
		// The first request waited for the connection too, which on a cold JVM may take
		// as long: at least the queued ones waited longer than the hold.
		assertThat(waitsLongerThan(wait, boundary)).isGreaterThanOrEqualTo(requests - 1);
		assertThat(wait.max(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(hold.toNanos());
		DurationSummary recent = only(client).durations().get(PoolTimer.REQUESTS_WAIT);
		assertThat(recent.count()).isEqualTo(requests);
		assertThat(recent.max()).isGreaterThanOrEqualTo(hold);
		assertThat(recent.p99()).isGreaterThanOrEqualTo(hold);
	}

	@Test
	void whenConnectionsFailThenEachFailureIsCountedByItsCause() throws Exception {
		TestServer untrusted = this.closeables.add(TestServer.tls(true, 100));
		InternalHttpClient client = client(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.HTTP1));
		InternalHttpClientMetrics metrics = metrics(client);
		String refused = "http://127.0.0.1:" + TestServer.closedPort();
		// A name under .invalid never resolves (RFC 6761).
		String unresolvable = "http://nonexistent.invalid:8080";
		Traffic.fail(client, URI.create(refused + "/"));
		Traffic.fail(client, URI.create(unresolvable + "/"));
		// Over HTTP/1.1 the connection is ready before its handshake, which then fails.
		Traffic.fail(client, untrusted.uri("/"));
		metrics.refresh();
		assertThat(failures(refused)).containsOnlyKeys("refused");
		assertThat(failures(unresolvable)).containsOnlyKeys("dns");
		assertThat(failures(untrusted.destination())).containsOnlyKeys("tls");
		for (DestinationSnapshot destination : client.destinations()) {
			assertThat(destination.connectFailuresByCause()).as(destination.destination().toString())
				.isEqualTo(failures(destination.destination().toString()));
		}
	}

	@Test
	void whenTheConnectTimesOutThenTheFailureIsCountedAsTimeout() throws Exception {
		// A listening socket that never accepts, its accept queue filled: Linux then drops
		// further SYNs, and a connect waits until its timeout, on loopback.
		try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> queued = new ArrayList<>();
			try {
				for (int i = 0; i < 4; i++) {
					Socket socket = new Socket();
					queued.add(socket);
					try {
						socket.connect(full.getLocalSocketAddress(), 200);
					}
					catch (IOException ex) {
						// The queue is full.
					}
				}
				InternalHttpClient client = client(InternalHttpClientSettings.defaults()
					.withProtocol(ProtocolMode.HTTP1)
					.withConnectTimeout(Duration.ofMillis(300)));
				InternalHttpClientMetrics metrics = metrics(client);
				String destination = "http://127.0.0.1:" + full.getLocalPort();
				Throwable failure = Traffic.fail(client, URI.create(destination + "/"));
				// Other systems may refuse instead of dropping: then there is nothing to see.
				Assumptions.assumeTrue(causedByTimeout(failure), () -> "The connect did not time out: " + failure);
				metrics.refresh();
				assertThat(failures(destination)).containsOnlyKeys("timeout");
			}
			finally {
				for (Socket socket : queued) {
					socket.close();
				}
			}
		}
	}

	@Test
	void whenTheHandshakeOfANegotiatingConnectionFailsThenItIsCountedAsTls() {
		TestServer untrusted = this.closeables.add(TestServer.tls(true, 100));
		InternalHttpClient client = client(InternalHttpClientSettings.defaults());
		InternalHttpClientMetrics metrics = metrics(client);
		// By ALPN the connection is ready only after its handshake: the dial fails.
		Traffic.fail(client, untrusted.uri("/"));
		metrics.refresh();
		assertThat(failures(untrusted.destination())).containsOnlyKeys("tls");
		assertThat(only(client).connectionsOpened()).isZero();
		assertThat(only(client).connectFailuresByCause()).containsOnlyKeys("tls");
	}

	@Test
	void whenTheServerSendsGoAwayThenItIsCountedByErrorCode() {
		TestServer server = this.closeables.add(TestServer.clearText(100).goAwayAfter(1));
		InternalHttpClient client = client(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		InternalHttpClientMetrics metrics = metrics(client);
		Traffic.send(client, server.uri("/"), 1);
		await().atMost(WAIT).until(() -> only(client).goAways() > 0);
		metrics.refresh();
		DestinationSnapshot destination = only(client);
		assertThat(destination.goAwaysByCode()).containsOnlyKeys("NO_ERROR");
		assertThat(this.registry.get(InternalHttpClientMetrics.GOAWAYS)
			.tag("destination", server.destination())
			.tag("protocol", "h2c")
			.tag("code", "NO_ERROR")
			.functionCounter()
			.count()).isEqualTo((double) destination.goAwaysByCode().get("NO_ERROR")).isEqualTo((double) destination.goAways());
	}

	@Test
	void whenTheClientEndsAConnectionOverOversizedHeadersThenItsGoAwayIsCountedByErrorCode() {
		TestServer server = this.closeables.add(TestServer.clearText(100).ignoringAnnouncedHeaderListSize());
		InternalHttpClient client = client(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withMaxResponseHeadersSize(16 * 1024));
		InternalHttpClientMetrics metrics = metrics(client);
		// Bounds for a loaded machine: the first request of a new client has taken 8 s there.
		CompletableFuture<Result> result = new CompletableFuture<>();
		client.newRequest(server.uri("/?headerBytes=" + 20 * 1024))
			.timeout(30, TimeUnit.SECONDS)
			.send(result::complete);
		assertThat(result.join().getFailure()).isNotNull();
		await().atMost(Duration.ofSeconds(30)).until(() -> !only(client).goAwaysSentByCode().isEmpty());
		metrics.refresh();
		DestinationSnapshot destination = only(client);
		assertThat(destination.goAwaysSentByCode()).containsExactly(Map.entry("PROTOCOL_ERROR", 1L));
		assertThat(destination.goAwaysByCode()).as("GOAWAYs received").isEmpty();
		assertThat(this.registry.get(InternalHttpClientMetrics.GOAWAYS_SENT)
			.tag("destination", server.destination())
			.tag("protocol", "h2c")
			.tag("code", "PROTOCOL_ERROR")
			.functionCounter()
			.count()).isEqualTo(1.0);
	}

	@Test
	void whenConnectionsCloseThenEachRecordsItsLifetimeAndEachOpenedOneItsConnect() {
		TestServer server = this.closeables.add(TestServer.clearText(100));
		InternalHttpClient client = client(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		metrics(client);
		Traffic.send(client, server.uri("/"), 1);
		server.dropConnections();
		await().atMost(WAIT).until(() -> only(client).connectionsClosed() == 1);
		Traffic.send(client, server.uri("/"), 1);
		Timer lifetime = timer(InternalHttpClientMetrics.CONNECTIONS_LIFETIME, server.destination(), "h2c");
		assertThat(lifetime.count()).isEqualTo(1);
		assertThat(lifetime.max(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(timer(InternalHttpClientMetrics.CONNECTIONS_CONNECT, server.destination(), "h2c").count())
			.isEqualTo(server.connectionsAccepted())
			.isEqualTo(2);
		Map<PoolTimer, DurationSummary> recent = only(client).durations();
		assertThat(recent.get(PoolTimer.CONNECTIONS_LIFETIME).count()).isEqualTo(1);
		assertThat(recent.get(PoolTimer.CONNECTIONS_CONNECT).count()).isEqualTo(2);
		// Clear text: no handshake.
		assertThat(recent.get(PoolTimer.CONNECTIONS_TLS_HANDSHAKE)).isEqualTo(DurationSummary.EMPTY);
		assertThat(timer(InternalHttpClientMetrics.CONNECTIONS_TLS_HANDSHAKE, server.destination(), "h2c").count())
			.isZero();
	}

	@Test
	void whenMoreDestinationsThanTheMaximumAreTimedThenTheLaterOnesShareTheTimersOfOther() {
		TestServer first = this.closeables.add(TestServer.clearText(100));
		TestServer second = this.closeables.add(TestServer.clearText(100));
		TestServer third = this.closeables.add(TestServer.clearText(100));
		InternalHttpClient client = client(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		InternalHttpClientMetrics metrics = this.closeables
			.add(new InternalHttpClientMetrics(client, 1, Duration.ofMinutes(1)));
		metrics.bindTo(this.registry);
		Traffic.send(client, first.uri("/"), 2);
		Traffic.send(client, second.uri("/"), 3);
		Traffic.send(client, third.uri("/"), 4);
		metrics.refresh();
		assertThat(this.registry.find(InternalHttpClientMetrics.REQUESTS_WAIT).timers())
			.extracting((timer) -> timer.getId().getTag("destination"))
			.containsExactlyInAnyOrder(first.destination(), InternalHttpClientMetrics.OTHER);
		assertThat(timer(InternalHttpClientMetrics.REQUESTS_WAIT, first.destination(), "h2c").count()).isEqualTo(2);
		assertThat(timer(InternalHttpClientMetrics.REQUESTS_WAIT, InternalHttpClientMetrics.OTHER, "h2c").count())
			.isEqualTo(7);
	}

	private InternalHttpClient client(InternalHttpClientSettings settings) {
		InternalHttpClient client = this.closeables.add(new InternalHttpClient(settings));
		client.start();
		return client;
	}

	private InternalHttpClientMetrics metrics(InternalHttpClient client) {
		InternalHttpClientMetrics metrics = this.closeables.add(new InternalHttpClientMetrics(client));
		metrics.bindTo(this.registry);
		return metrics;
	}

	private static DestinationSnapshot only(InternalHttpClient client) {
		assertThat(client.destinations()).hasSize(1);
		return client.destinations().get(0);
	}

	private Timer timer(String name, String destination, String protocol) {
		return this.registry.get(name).tag("destination", destination).tag("protocol", protocol).timer();
	}

	private Map<String, Long> failures(String destination) {
		Map<String, Long> failures = new java.util.TreeMap<>();
		this.registry.find(InternalHttpClientMetrics.CONNECTIONS_FAILURES)
			.tag("destination", destination)
			.functionCounters()
			.forEach((counter) -> failures.put(counter.getId().getTag("cause"), (long) counter.count()));
		return failures;
	}

	private static boolean causedByTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static long waitsLongerThan(Timer timer, Duration boundary) {
		for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
			if (bucket.bucket(TimeUnit.NANOSECONDS) == boundary.toNanos()) {
				return timer.count() - (long) bucket.count();
			}
		}
		throw new AssertionError("No bucket at " + boundary);
	}

	/**
	 * An SSL bundle that trusts the test servers' certificate.
	 */
	private static SslBundle trustingTestCa() throws Exception {
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = PoolTimerMetricsTests.class.getResourceAsStream("/tls/trust.p12")) {
			trustStore.load(in, "changeit".toCharArray());
		}
		return SslBundle.of(SslStoreBundle.of(null, null, trustStore));
	}

}
