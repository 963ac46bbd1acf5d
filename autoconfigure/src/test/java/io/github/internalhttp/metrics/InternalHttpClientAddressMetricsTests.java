package io.github.internalhttp.metrics;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.internalhttp.client.AddressSnapshot;
import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.WireProtocol;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.Fleet;
import io.github.internalhttp.testsupport.TestServer;
import io.github.internalhttp.testsupport.Traffic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalHttpClientAddressMetrics}: per-address meters of destinations
 * with several addresses, with a bounded address dimension.
 */
class InternalHttpClientAddressMetricsTests {

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@Test
	void eachAddressOfASpreadingDestinationHasItsConnectionsStreamsHealthAndFailures() {
		int refusedPort = TestServer.closedPort();
		Fleet fleet = this.closeables.add(Fleet.of(List.of("127.0.0.2", "127.0.0.3", "127.0.0.4"),
				List.of(new InetSocketAddress("127.0.0.5", refusedPort))));
		Traffic.send(fleet.client(), Fleet.URI_OF_THE_NAME, 50);
		fleet.awaitConnectionToEveryServer();
		MeterRegistry registry = new SimpleMeterRegistry();
		InternalHttpClientAddressMetrics metrics = this.closeables
			.add(new InternalHttpClientAddressMetrics(fleet.client(), 100, Duration.ofMinutes(1)));
		metrics.bindTo(registry);
		for (int i = 0; i < 3; i++) {
			assertThat(registry.get(InternalHttpClientAddressMetrics.ADDRESS_CONNECTIONS)
				.tag("destination", "http://backend.test:8080")
				.tag("protocol", "h2c")
				.tag("address", fleet.address(i))
				.gauge()
				.value()).isGreaterThanOrEqualTo(1);
			assertThat(registry.get(InternalHttpClientAddressMetrics.ADDRESS_UP)
				.tag("address", fleet.address(i))
				.gauge()
				.value()).isEqualTo(1);
		}
		String refused = "127.0.0.5:" + refusedPort;
		assertThat(registry.get(InternalHttpClientAddressMetrics.ADDRESS_UP).tag("address", refused).gauge().value())
			.isZero();
		assertThat(registry.get(InternalHttpClientAddressMetrics.ADDRESS_CONNECT_FAILURES)
			.tag("address", refused)
			.functionCounter()
			.count()).isPositive();
		assertThat(registry.get(InternalHttpClientAddressMetrics.ADDRESS_STREAMS_ACTIVE).gauges()).hasSize(4);
	}

	@Test
	void aDestinationWithOneAddressGetsNoAddressMeters() {
		Fleet fleet = this.closeables.add(Fleet.of(List.of("127.0.0.2"), List.of()));
		Traffic.send(fleet.client(), Fleet.URI_OF_THE_NAME, 5);
		MeterRegistry registry = new SimpleMeterRegistry();
		this.closeables.add(new InternalHttpClientAddressMetrics(fleet.client(), 100, Duration.ofMinutes(1)))
			.bindTo(registry);
		assertThat(registry.find(InternalHttpClientAddressMetrics.ADDRESS_CONNECTIONS).gauges()).isEmpty();
		assertThat(fleet.servers().get(0).requests()).isEqualTo(5);
	}

	@Test
	void addressesAreCappedPerDestinationAndDestinationsByTheirMaximum() {
		List<DestinationSnapshot> destinations = new ArrayList<>();
		for (int d = 0; d < 3; d++) {
			List<AddressSnapshot> addresses = new ArrayList<>();
			for (int a = 0; a < 40; a++) {
				addresses.add(new AddressSnapshot("10.0." + d + "." + a + ":8080", true, 1, 0, 0, false, null, null));
			}
			destinations.add(new DestinationSnapshot(DestinationId.of(URI.create("http://svc" + d + ":8080")),
					WireProtocol.H2C, 0, 40, 0, 64, 0, 100, 0, 1024, 40, 0, 0, 0, Map.of(), Map.of(), 0, null, null,
					Map.of(), Map.of(), Map.of(), addresses));
		}
		MeterRegistry registry = new SimpleMeterRegistry();
		this.closeables.add(new InternalHttpClientAddressMetrics(() -> destinations, 2, Duration.ofMinutes(1)))
			.bindTo(registry);
		assertThat(registry.find(InternalHttpClientAddressMetrics.ADDRESS_CONNECTIONS).gauges())
			.hasSize(2 * InternalHttpClientAddressMetrics.MAX_ADDRESSES_PER_DESTINATION);
		assertThat(registry.find(InternalHttpClientAddressMetrics.ADDRESS_CONNECTIONS)
			.tag("destination", "http://svc2:8080")
			.gauges()).isEmpty();
	}

	@Test
	void theMetersOfAnAddressThatWentAwayAreRemoved() {
		List<AddressSnapshot> addresses = new ArrayList<>(List.of(
				new AddressSnapshot("10.0.0.1:8080", true, 1, 0, 0, false, null, null),
				new AddressSnapshot("10.0.0.2:8080", true, 1, 0, 0, false, null, null),
				new AddressSnapshot("10.0.0.3:8080", true, 1, 0, 0, false, null, null)));
		List<DestinationSnapshot> destinations = new ArrayList<>();
		destinations.add(snapshot(addresses));
		MeterRegistry registry = new SimpleMeterRegistry();
		InternalHttpClientAddressMetrics metrics = this.closeables
			.add(new InternalHttpClientAddressMetrics(() -> List.copyOf(destinations), 100, Duration.ofMinutes(1)));
		metrics.bindTo(registry);
		assertThat(registry.find(InternalHttpClientAddressMetrics.ADDRESS_CONNECTIONS).gauges()).hasSize(3);
		addresses.remove(2);
		destinations.set(0, snapshot(addresses));
		metrics.refresh();
		assertThat(registry.find(InternalHttpClientAddressMetrics.ADDRESS_CONNECTIONS).gauges()).hasSize(2);
		metrics.close();
		assertThat(registry.find(InternalHttpClientAddressMetrics.ADDRESS_CONNECTIONS).gauges()).isEmpty();
	}

	private static DestinationSnapshot snapshot(List<AddressSnapshot> addresses) {
		return new DestinationSnapshot(DestinationId.of(URI.create("http://svc:8080")), WireProtocol.H2C, 0,
				addresses.size(), 0, 64, 0, 100, 0, 1024, addresses.size(), 0, 0, 0, Map.of(), Map.of(), 0, null,
				null, Map.of(), Map.of(), Map.of(), addresses);
	}

}
