package io.github.internalhttp.actuate;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.internalhttp.actuate.InternalHttpClientEndpoint.AddressDescriptor;
import io.github.internalhttp.actuate.InternalHttpClientEndpoint.DestinationDescriptor;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.Fleet;
import io.github.internalhttp.testsupport.TestServer;
import io.github.internalhttp.testsupport.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint and the health indicator show each address of a destination that spreads:
 * its connections and failures, and which addresses are down, while the destination
 * stays up as long as one address answers.
 */
class AddressViewTests {

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@Test
	void theEndpointShowsEachAddressWithItsConnectionsAndFailures() {
		int refusedPort = TestServer.closedPort();
		Fleet fleet = this.closeables.add(Fleet.of(List.of("127.0.0.2", "127.0.0.3"),
				List.of(new InetSocketAddress("127.0.0.5", refusedPort))));
		Traffic.send(fleet.client(), Fleet.URI_OF_THE_NAME, 50);
		fleet.awaitConnectionToEveryServer();
		DestinationDescriptor destination = new InternalHttpClientEndpoint(fleet.client()).internalHttpClient()
			.destinations()
			.get(0);
		assertThat(destination.destination()).isEqualTo("http://backend.test:8080");
		assertThat(destination.addresses()).extracting(AddressDescriptor::address)
			.containsExactly(fleet.address(0), fleet.address(1), "127.0.0.5:" + refusedPort);
		AddressDescriptor up = destination.addresses().get(0);
		assertThat(up.listed()).isTrue();
		// One, or two when the dial meant for the refused address went on to this one.
		assertThat(up.connections()).isBetween(1, 2);
		assertThat(up.down()).isFalse();
		assertThat(up.failed()).isZero();
		AddressDescriptor refused = destination.addresses().get(2);
		assertThat(refused.connections()).isZero();
		assertThat(refused.down()).isTrue();
		assertThat(refused.failed()).isPositive();
		assertThat(refused.lastFailure()).isNotNull();
		assertThat(refused.lastFailure().message()).contains("Connect");
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthNamesTheAddressesThatAreDownAndKeepsTheDestinationUpWhileOneAnswers() {
		int refusedPort = TestServer.closedPort();
		Fleet fleet = this.closeables.add(Fleet.of(List.of("127.0.0.2", "127.0.0.3"),
				List.of(new InetSocketAddress("127.0.0.5", refusedPort))));
		Traffic.send(fleet.client(), Fleet.URI_OF_THE_NAME, 50);
		fleet.awaitConnectionToEveryServer();
		Health health = new InternalHttpClientHealthIndicator(fleet.client(), 0.8, Duration.ofSeconds(30),
				Duration.ofMinutes(1), true, Clock.systemUTC())
			.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> destination = (Map<String, Object>) ((Map<String, Object>) health.getDetails()
			.get("destinations")).get("http://backend.test:8080");
		assertThat(destination.get("status")).isEqualTo("UP");
		assertThat((Map<String, Object>) destination.get("addressesDown")).containsOnlyKeys("127.0.0.5:" + refusedPort);
	}

}
