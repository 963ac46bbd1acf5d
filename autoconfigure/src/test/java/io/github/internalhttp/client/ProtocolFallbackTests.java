package io.github.internalhttp.client;

import java.util.List;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With h2c configured, a destination that cannot speak it is learned, remembered and
 * spoken to over HTTP/1.1, with no error for the caller.
 */
class ProtocolFallbackTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@Test
	void whenH2cDestinationSpeaksOnlyHttp1ThenBurstSucceedsOverHttp1AndLaterRequestsGoStraightThere() {
		try (TestServer server = TestServer.http1Only()) {
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(50,
					() -> restClient.get().uri(server.uri("/?delayMs=100")).retrieve().toEntity(String.class));
			assertThat(outcomes).allSatisfy((outcome) -> {
				assertThat(outcome.failure()).isNull();
				assertThat(outcome.value().getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/1.1");
			});
			DestinationSnapshot h2c = this.client.destination("h2c");
			assertThat(h2c.protocolFallbacks()).isEqualTo(1);
			// A request routed to h2c just before the discovery may dial once more.
			assertThat(h2c.connectFailures()).isBetween(1L, 2L);
			assertThat(h2c.retries().get("h2c_fallback")).isPositive();
			for (int i = 0; i < 20; i++) {
				assertThat(restClient.get().uri(server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
			}
			assertThat(this.client.destination("h2c").connectFailures()).isEqualTo(h2c.connectFailures());
			assertThat(this.client.destination("http1").connectionsOpened()).isPositive();
		}
	}

	@Test
	void whenH2cServerClosesOneNewConnectionUnansweredThenBurstStaysOnH2cWithoutErrors() {
		try (TestServer server = TestServer.clearText(256)) {
			// As a server restarting or shedding load does: not a sign it lacks HTTP/2.
			server.closeNextConnections(1);
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(50,
					() -> restClient.get().uri(server.uri("/?delayMs=100")).retrieve().toEntity(String.class));
			assertThat(outcomes).allSatisfy((outcome) -> {
				assertThat(outcome.failure()).isNull();
				assertThat(outcome.value().getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/2.0");
			});
			DestinationSnapshot h2c = this.client.destination("h2c");
			assertThat(h2c.protocolFallbacks()).isZero();
			assertThat(h2c.retries().get("preface_closed")).isPositive();
			assertThat(server.connectionsAccepted()).isEqualTo(2);
		}
	}

	@Test
	void whenH2cServerClosesTwoNewConnectionsInARowUnansweredThenDestinationFallsBackToHttp1() {
		try (TestServer server = TestServer.clearText(256)) {
			server.closeNextConnections(2);
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			ResponseEntity<String> response = restClient.get().uri(server.uri("/")).retrieve().toEntity(String.class);
			assertThat(response.getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/1.1");
			assertThat(this.client.destination("h2c").protocolFallbacks()).isEqualTo(1);
			assertThat(this.client.destination("h2c").retries()).containsEntry("preface_closed", 1L)
				.containsEntry("h2c_fallback", 1L);
		}
	}

	@Test
	void whenServerResetsWithHttp11RequiredThenRequestIsSentAgainOverHttp1() {
		try (TestServer server = TestServer.clearText(256)) {
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			ResponseEntity<String> response = restClient.get()
				.uri(server.uri("/h1-required"))
				.retrieve()
				.toEntity(String.class);
			assertThat(response.getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/1.1");
			assertThat(this.client.destination("h2c").retries()).containsEntry("http_1_1_required", 1L);
			assertThat(this.client.destination("h2c").protocolFallbacks()).isEqualTo(1);
		}
	}

	@Test
	void whenDestinationOverrideAsksForH2cThenOnlyThatDestinationUsesIt() {
		try (TestServer h2c = TestServer.clearText(256); TestServer other = TestServer.clearText(256)) {
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
				.withDestinations(List.of(new DestinationSettings("127.0.0.1", h2c.port(), ProtocolMode.H2C, null, null))));
			assertThat(restClient.get().uri(h2c.uri("/")).retrieve().toEntity(String.class).getHeaders()
				.getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/2.0");
			assertThat(restClient.get().uri(other.uri("/")).retrieve().toEntity(String.class).getHeaders()
				.getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/1.1");
		}
	}

}
