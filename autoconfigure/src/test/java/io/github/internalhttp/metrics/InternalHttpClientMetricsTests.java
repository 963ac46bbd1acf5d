package io.github.internalhttp.metrics;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.client.WireProtocol;
import io.github.internalhttp.testsupport.TestServer;
import io.github.internalhttp.testsupport.Traffic;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link InternalHttpClientMetrics}.
 */
class InternalHttpClientMetricsTests {

	private static final int SERVER_MAX_STREAMS = 5;

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private InternalHttpClient client;

	private TestServer server;

	@BeforeEach
	void start() {
		this.server = TestServer.clearText(SERVER_MAX_STREAMS);
		this.client = new InternalHttpClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		this.client.start();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void whenH2cTrafficEndsThenDialsMatchTheServerAndGaugesShowIdleConnectionsAndTheServerStreamLimit() {
		try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(this.client)) {
			metrics.bindTo(this.registry);
			// More concurrent requests than one connection's streams, so that it dials more than once.
			Traffic.send(this.client, this.server.uri("/?delayMs=200"), 4 * SERVER_MAX_STREAMS);
			metrics.refresh();
			String destination = this.server.destination();
			double opened = find(InternalHttpClientMetrics.CONNECTIONS_OPENED, destination).functionCounter().count();
			assertThat(opened).isEqualTo(this.server.connectionsAccepted()).isGreaterThan(1);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(connections(destination, "active")).isZero();
				assertThat(connections(destination, "pending")).isZero();
				assertThat(find(InternalHttpClientMetrics.STREAMS_ACTIVE, destination).gauge().value()).isZero();
			});
			assertThat(connections(destination, "idle")).isEqualTo(opened);
			assertThat(find(InternalHttpClientMetrics.CONNECTIONS_CLOSED, destination).functionCounter().count())
				.isZero();
			assertThat(find(InternalHttpClientMetrics.STREAMS_MAX, destination).gauge().value())
				.isEqualTo(SERVER_MAX_STREAMS);
			assertThat(find(InternalHttpClientMetrics.CONNECTIONS_MAX, destination).gauge().value()).isEqualTo(64);
			assertThat(find(InternalHttpClientMetrics.REQUESTS_QUEUED, destination).gauge().value()).isZero();
			assertThat(find(InternalHttpClientMetrics.REQUESTS_QUEUED_MAX, destination).gauge().value())
				.isEqualTo(1024);
			// Counted by error code: no GOAWAY, no code, no counter.
			assertThat(this.registry.find(InternalHttpClientMetrics.GOAWAYS).meters()).isEmpty();
			assertThat(find(InternalHttpClientMetrics.PROTOCOL_FALLBACKS, destination).functionCounter().count())
				.isZero();
		}
	}

	@Test
	void whenAMeterIsReadThenItsDestinationAndProtocolAreTagsAndNoPathOrQueryIs() {
		try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(this.client)) {
			metrics.bindTo(this.registry);
			Traffic.send(this.client, this.server.uri("/secret-path?token=secret-token"), 1);
			metrics.refresh();
			Collection<Meter> meters = this.registry.find(InternalHttpClientMetrics.CONNECTIONS).meters();
			assertThat(meters).hasSize(3);
			assertThat(meters).allSatisfy((meter) -> {
				assertThat(meter.getId().getTag("destination")).isEqualTo(this.server.destination());
				assertThat(meter.getId().getTag("protocol")).isEqualTo("h2c");
			});
			assertThat(meters).extracting((meter) -> meter.getId().getTag("state"))
				.containsExactlyInAnyOrder("active", "idle", "pending");
			assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().toString())
				.noneMatch((id) -> id.contains("secret"));
		}
	}

	@Test
	void whenMoreDestinationsThanTheMaximumThenTheLaterOnesAreAggregatedUnderOther() {
		try (TestServer second = TestServer.clearText(SERVER_MAX_STREAMS);
				TestServer third = TestServer.clearText(SERVER_MAX_STREAMS);
				InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(this.client, 1,
						Duration.ofMinutes(1))) {
			metrics.bindTo(this.registry);
			Traffic.send(this.client, this.server.uri("/"), 1);
			metrics.refresh();
			Traffic.send(this.client, second.uri("/"), 1);
			Traffic.send(this.client, third.uri("/"), 1);
			metrics.refresh();
			assertThat(this.registry.find(InternalHttpClientMetrics.CONNECTIONS_OPENED).meters())
				.extracting((meter) -> meter.getId().getTag("destination"))
				.containsExactlyInAnyOrder(this.server.destination(), InternalHttpClientMetrics.OTHER);
			assertThat(find(InternalHttpClientMetrics.CONNECTIONS_OPENED, InternalHttpClientMetrics.OTHER)
				.functionCounter()
				.count()).isEqualTo(second.connectionsAccepted() + third.connectionsAccepted());
			assertThat(find(InternalHttpClientMetrics.CONNECTIONS_MAX, InternalHttpClientMetrics.OTHER).gauge().value())
				.isEqualTo(2 * 64);
			assertThat(find(InternalHttpClientMetrics.STREAMS_MAX, InternalHttpClientMetrics.OTHER).gauge().value())
				.isEqualTo(SERVER_MAX_STREAMS);
		}
	}

	@Test
	void whenTheClientClosesThenTheMetersOfItsDestinationsAreRemoved() {
		try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(this.client)) {
			metrics.bindTo(this.registry);
			Traffic.send(this.client, this.server.uri("/"), 1);
			metrics.refresh();
			assertThat(this.registry.find(InternalHttpClientMetrics.CONNECTIONS).meters()).isNotEmpty();
			// Timers too, registered as the request was timed.
			assertThat(this.registry.find(InternalHttpClientMetrics.REQUESTS_WAIT).timers()).hasSize(1);
			this.client.close();
			metrics.refresh();
			assertThat(internalHttpMeters()).isEmpty();
		}
	}

	@Test
	void whenANewDestinationAppearsThenItsMetersAreRegisteredWithoutWaitingForTheRefreshInterval() {
		try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(this.client, 10,
				Duration.ofHours(1))) {
			metrics.bindTo(this.registry);
			assertThat(internalHttpMeters()).isEmpty();
			Traffic.send(this.client, this.server.uri("/"), 1);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(
						this.registry.find(InternalHttpClientMetrics.CONNECTIONS_OPENED).functionCounters())
					.hasSize(1));
		}
	}

	@Test
	void whenTheMetricsCloseThenTheirMetersAreRemoved() {
		InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(this.client);
		metrics.bindTo(this.registry);
		Traffic.send(this.client, this.server.uri("/"), 1);
		metrics.refresh();
		assertThat(internalHttpMeters()).isNotEmpty();
		metrics.close();
		assertThat(internalHttpMeters()).isEmpty();
	}

	@Test
	void whenTheMetricsCloseThenTheirRefreshThreadHasEnded() {
		InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(this.client, 10, Duration.ofMillis(10));
		List<Thread> others = refreshThreads();
		metrics.bindTo(this.registry);
		List<Thread> started = new ArrayList<>(refreshThreads());
		started.removeAll(others);
		assertThat(started).hasSize(1);
		metrics.close();
		assertThat(started.get(0).isAlive()).isFalse();
	}

	@Test
	void whenRequestsAreRetriedThenEachReasonHasACounter() {
		AtomicReference<List<DestinationSnapshot>> destinations = new AtomicReference<>(
				List.of(snapshot("http://a:80", 1, Map.of("goaway", 2L))));
		try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(destinations::get, 10,
				Duration.ofMinutes(1))) {
			metrics.bindTo(this.registry);
			destinations.set(List.of(snapshot("http://a:80", 1, Map.of("goaway", 3L, "idle-close", 1L))));
			metrics.refresh();
			assertThat(this.registry.get(InternalHttpClientMetrics.RETRIES).tag("reason", "goaway").functionCounter()
				.count()).isEqualTo(3);
			assertThat(this.registry.get(InternalHttpClientMetrics.RETRIES)
				.tag("reason", "idle-close")
				.functionCounter()
				.count()).isEqualTo(1);
		}
	}

	@Test
	void whenAnAggregatedDestinationGoesAwayThenTheCountsOfOtherDoNotGoBack() {
		AtomicReference<List<DestinationSnapshot>> destinations = new AtomicReference<>(
				List.of(snapshot("http://a:80", 1, Map.of()), snapshot("http://b:80", 2, Map.of()),
						snapshot("http://c:80", 3, Map.of())));
		try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(destinations::get, 1,
				Duration.ofMinutes(1))) {
			metrics.bindTo(this.registry);
			assertThat(opened(InternalHttpClientMetrics.OTHER)).isEqualTo(2 + 3);
			destinations.set(List.of(snapshot("http://a:80", 1, Map.of()), snapshot("http://b:80", 4, Map.of())));
			metrics.refresh();
			assertThat(opened(InternalHttpClientMetrics.OTHER)).isEqualTo(4 + 3);
		}
	}

	@Test
	void whenANamedDestinationGoesAwayThenItsMetersAreRemovedAndANewDestinationTakesItsTag() {
		AtomicReference<List<DestinationSnapshot>> destinations = new AtomicReference<>(
				List.of(snapshot("http://a:80", 1, Map.of())));
		try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(destinations::get, 1,
				Duration.ofMinutes(1))) {
			metrics.bindTo(this.registry);
			destinations.set(List.of(snapshot("http://d:80", 5, Map.of())));
			metrics.refresh();
			assertThat(this.registry.find(InternalHttpClientMetrics.CONNECTIONS_OPENED).meters())
				.extracting((meter) -> meter.getId().getTag("destination"))
				.containsExactly("http://d:80");
			assertThat(opened("http://d:80")).isEqualTo(5);
		}
	}

	@Test
	void whenNoDestinationMayHaveATagOfItsOwnThenAllAreAggregatedUnderOther() {
		AtomicReference<List<DestinationSnapshot>> destinations = new AtomicReference<>(
				List.of(snapshot("http://a:80", 1, Map.of()), snapshot("http://b:80", 2, Map.of())));
		try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(destinations::get, 0,
				Duration.ofMinutes(1))) {
			metrics.bindTo(this.registry);
			assertThat(this.registry.find(InternalHttpClientMetrics.CONNECTIONS_OPENED).meters())
				.extracting((meter) -> meter.getId().getTag("destination"))
				.containsExactly(InternalHttpClientMetrics.OTHER);
			assertThat(opened(InternalHttpClientMetrics.OTHER)).isEqualTo(3);
		}
	}

	private double opened(String destination) {
		return find(InternalHttpClientMetrics.CONNECTIONS_OPENED, destination).functionCounter().count();
	}

	private double connections(String destination, String state) {
		return find(InternalHttpClientMetrics.CONNECTIONS, destination).tag("state", state).gauge().value();
	}

	private RequiredSearch find(String name, String destination) {
		return this.registry.get(name).tag("destination", destination);
	}

	private List<Meter> internalHttpMeters() {
		return this.registry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("internal.http.client."))
			.toList();
	}

	private static List<Thread> refreshThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive()
					&& thread.getName().equals(InternalHttpClient.THREAD_NAME_PREFIX + "-metrics"))
			.toList();
	}

	private static DestinationSnapshot snapshot(String destination, long opened, Map<String, Long> retries) {
		return new DestinationSnapshot(DestinationId.of(URI.create(destination)), WireProtocol.H2C, 0, 1, 0, 64, 0, 100, 0, 1024, opened, 0, 0, 0, retries, Map.of(), 0,
				null, (Instant) null, Map.of(), Map.of(), Map.of(), List.of());
	}

}
