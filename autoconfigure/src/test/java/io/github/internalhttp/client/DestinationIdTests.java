package io.github.internalhttp.client;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link DestinationId}, the one name of a destination, and for the
 * per-destination settings that match by it, over IPv6 loopback too.
 */
class DestinationIdTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@ParameterizedTest
	@CsvSource({ "http://Orders/items?token=x, http://orders:80", "https://orders:8443/, https://orders:8443",
			"http://user:secret@orders:8080/, http://orders:8080", "http://[::1]:8080/a, http://[::1]:8080",
			"HTTP://127.0.0.1, http://127.0.0.1:80" })
	void whenAUrlIsNamedThenOnlySchemeHostAndPortRemainWithThePortExplicit(String url, String name) {
		assertThat(DestinationId.of(URI.create(url))).hasToString(name);
	}

	@ParameterizedTest
	@CsvSource({ "orders:8080, orders:8080", "Orders:8080, orders:8080", "[::1]:8080, [::1]:8080",
			"127.0.0.2:9000, 127.0.0.2:9000" })
	void whenAnAddressIsParsedThenItsHostKeepsTheFormRequestsCarry(String address, String hostAndPort) {
		assertThat(DestinationId.parse("http", address)).extracting(DestinationId::hostAndPort).isEqualTo(hostAndPort);
	}

	@ParameterizedTest
	@CsvSource({ "orders", "orders:", ":8080", "orders:0", "orders:70000", "orders:port" })
	void whenAnAddressIsNotHostAndPortThenItIsRejected(String address) {
		assertThat(DestinationId.parse("http", address)).isNull();
	}

	@Test
	void whenAUrlAndAnAddressNameTheSameIpv6DestinationThenTheyAreEqual() {
		assertThat(DestinationId.parse("http", "[::1]:8080")).isEqualTo(DestinationId.of(URI.create("http://[::1]:8080/")));
		assertThat(new DestinationSettings("::1", 8080, ProtocolMode.HTTP1, null, null).matches("[::1]", 8080)).isTrue();
	}

	@Test
	void whenAnIpv6DestinationHasItsOwnSettingsThenTheyApplyToItsRequests() throws Exception {
		assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback (::1)");
		try (TestServer server = TestServer.clearText("::1", 256)) {
			DestinationId destination = DestinationId.of(server.uri("/"));
			// An h2c client, with HTTP/1.1 forced for the IPv6 destination by its address.
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
				.withProtocol(ProtocolMode.H2C)
				.withDestinations(List.of(DestinationSettings.of(destination.hostAndPort(), ProtocolMode.HTTP1))));
			ResponseEntity<String> response = restClient.get().uri(server.uri("/")).retrieve().toEntity(String.class);
			assertThat(response.getBody()).isEqualTo("ok");
			assertThat(response.getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/1.1");
			DestinationSnapshot snapshot = this.client.onlyDestination();
			assertThat(snapshot.destination()).isEqualTo(destination);
			assertThat(snapshot.destination().host()).isEqualTo("[::1]");
			assertThat(snapshot.protocol()).isEqualTo(WireProtocol.HTTP1);
			assertThat(server.connectionsAccepted()).isEqualTo(1);
		}
	}

	private static boolean hasIpv6Loopback() {
		try {
			InetAddress loopback = InetAddress.getByName("::1");
			return loopback instanceof Inet6Address && loopback.isReachable(1000);
		}
		catch (Exception ex) {
			return false;
		}
	}

}
