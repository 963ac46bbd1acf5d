package io.github.internalhttp.actuate;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;

import io.github.internalhttp.actuate.InternalHttpClientEndpoint.DestinationDescriptor;
import io.github.internalhttp.actuate.InternalHttpClientEndpoint.DestinationsDescriptor;
import io.github.internalhttp.actuate.InternalHttpClientEndpoint.InternalHttpClientDescriptor;
import io.github.internalhttp.actuate.InternalHttpClientEndpoint.TimerDescriptor;
import io.github.internalhttp.client.DurationSummary;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.testsupport.TestServer;
import io.github.internalhttp.testsupport.Traffic;
import org.junit.jupiter.api.AfterEach;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalHttpClientEndpoint}.
 */
class InternalHttpClientEndpointTests {

	private final InternalHttpClient client = new InternalHttpClient(InternalHttpClientSettings.defaults()
		.withProtocol(ProtocolMode.H2C)
		.withConnectTimeout(Duration.ofSeconds(3))
		.withHttp2((http2) -> http2.withMaxConcurrentStreams(50)));

	private final InternalHttpClientEndpoint endpoint = new InternalHttpClientEndpoint(this.client);

	@AfterEach
	void stop() {
		this.client.close();
	}

	@Test
	void whenReadThenTheConfigurationIsListed() {
		this.client.start();
		InternalHttpClientDescriptor descriptor = this.endpoint.internalHttpClient();
		assertThat(descriptor.running()).isTrue();
		assertThat(descriptor.configuration()).containsEntry("protocol", "h2c")
			.containsEntry("connectTimeout", "PT3S")
			.containsEntry("sslBundle", null)
			.containsEntry("destinations", java.util.List.of());
		assertThat(descriptor.configuration().get("http2")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("maxConcurrentStreams", 50)
			.containsEntry("pingTimeout", "PT10S");
		assertThat(descriptor.configuration().get("pool")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("maxConnectionsPerDestination", 64)
			.containsEntry("destinationIdleTimeout", "PT10M");
		// Every setting shows, not a chosen few.
		assertThat(descriptor.configuration()).containsOnlyKeys(java.util.Arrays
			.stream(io.github.internalhttp.client.InternalHttpClientSettings.class.getRecordComponents())
			.map(java.lang.reflect.RecordComponent::getName)
			.toList());
		assertThat(descriptor.destinations()).isEmpty();
	}

	@Test
	void whenReadThenEveryDestinationIsListedInOrderWithItsPool() {
		try (TestServer first = TestServer.clearText(7); TestServer second = TestServer.clearText(7)) {
			Traffic.send(this.client, second.uri("/"), 2);
			Traffic.send(this.client, first.uri("/"), 2);
			InternalHttpClientDescriptor descriptor = this.endpoint.internalHttpClient();
			assertThat(descriptor.destinations()).extracting(DestinationDescriptor::destination)
				.containsExactlyElementsOf(
						Stream.of(first.destination(), second.destination()).sorted().toList());
			DestinationDescriptor destination = descriptor.destinations()
				.stream()
				.filter((candidate) -> candidate.destination().equals(first.destination()))
				.findFirst()
				.orElseThrow();
			assertThat(destination.protocol()).isEqualTo("h2c");
			assertThat(destination.connections().opened()).isEqualTo(first.connectionsAccepted());
			assertThat(destination.connections().active()).isZero();
			assertThat(destination.connections().max()).isEqualTo(64);
			assertThat(destination.streams().max()).isEqualTo(7);
			assertThat(destination.requests().queued()).isZero();
			assertThat(destination.requests().maxQueued()).isEqualTo(1024);
			assertThat(destination.goAways()).isZero();
			assertThat(destination.retries()).isEmpty();
			assertThat(destination.lastFailure()).isNull();
		}
	}

	@Test
	void whenSelectedByHostAndPortThenOnlyThatDestinationIsShown() {
		try (TestServer first = TestServer.clearText(7); TestServer second = TestServer.clearText(7)) {
			Traffic.send(this.client, first.uri("/"), 1);
			Traffic.send(this.client, second.uri("/"), 1);
			DestinationsDescriptor selected = this.endpoint.destination("127.0.0.1:" + second.port());
			assertThat(selected).isNotNull();
			assertThat(selected.destinations()).extracting(DestinationDescriptor::destination)
				.containsExactly(second.destination());
		}
	}

	@Test
	void whenTheSelectionMatchesNoDestinationThenNothingIsShown() {
		try (TestServer server = TestServer.clearText(7)) {
			Traffic.send(this.client, server.uri("/"), 1);
			assertThat(this.endpoint.destination("127.0.0.1:1")).isNull();
			assertThat(this.endpoint.destination("http://127.0.0.1:" + server.port())).isNull();
		}
	}

	@Test
	void whenAConnectionFailedThenTheLastFailureIsShownWithItsTime() {
		URI unreachable = URI.create("http://127.0.0.1:" + TestServer.closedPort() + "/");
		Traffic.fail(this.client, unreachable);
		DestinationsDescriptor selected = this.endpoint.destination("127.0.0.1:" + unreachable.getPort());
		assertThat(selected).isNotNull();
		DestinationDescriptor destination = selected.destinations().get(0);
		assertThat(destination.connections().failed()).isEqualTo(1);
		assertThat(destination.connections().failures()).containsExactly(java.util.Map.entry("refused", 1L));
		assertThat(destination.lastFailure()).isNotNull();
		assertThat(destination.lastFailure().message()).contains("Connect");
		assertThat(destination.lastFailure().time()).isNotNull();
	}

	@Test
	void whenRequestsWereTimedThenEachTimerShowsItsRecentPercentilesInMilliseconds() {
		try (TestServer server = TestServer.clearText(7)) {
			Traffic.send(this.client, server.uri("/"), 3);
			DestinationDescriptor destination = this.endpoint.internalHttpClient().destinations().get(0);
			assertThat(destination.timers()).containsOnlyKeys("requests.wait", "connections.connect",
					"connections.tls.handshake", "connections.lifetime");
			TimerDescriptor wait = destination.timers().get("requests.wait");
			assertThat(wait.count()).isEqualTo(3);
			assertThat(wait.p50Ms()).isLessThanOrEqualTo(wait.p90Ms());
			assertThat(wait.p90Ms()).isLessThanOrEqualTo(wait.p99Ms());
			assertThat(wait.p99Ms()).isLessThanOrEqualTo(wait.maxMs());
			assertThat(destination.timers().get("connections.connect").count())
				.isEqualTo(server.connectionsAccepted());
			assertThat(destination.timers().get("connections.connect").maxMs()).isPositive();
			// Clear text: no handshake; no connection closed yet.
			assertThat(destination.timers().get("connections.tls.handshake"))
				.isEqualTo(new TimerDescriptor(0, 0, 0, 0, 0));
			assertThat(destination.timers().get("connections.lifetime").count()).isZero();
			assertThat(destination.goAwaysByCode()).isEmpty();
			assertThat(destination.goAwaysSentByCode()).isEmpty();
		}
	}

	@Test
	void whenADurationIsShownThenItIsInMillisecondsToTheMicrosecond() {
		TimerDescriptor timer = TimerDescriptor.of(new DurationSummary(2, Duration.ofNanos(1_234_567),
				Duration.ofMillis(2), Duration.ofNanos(2_500_400), Duration.ofSeconds(3)));
		assertThat(timer).isEqualTo(new TimerDescriptor(2, 1.235, 2.0, 2.5, 3000.0));
	}

}
