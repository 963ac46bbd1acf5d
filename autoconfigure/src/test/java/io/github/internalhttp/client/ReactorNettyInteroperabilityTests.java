package io.github.internalhttp.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against real Reactor Netty servers: one speaking h2c with prior knowledge
 * and HTTP/1.1, one speaking HTTP/1.1 only.
 */
class ReactorNettyInteroperabilityTests {

	private final Set<String> clients = ConcurrentHashMap.newKeySet();

	private DisposableServer server;

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Test
	void whenNettySpeaksH2cThenColdBurstUsesAsFewConnectionsAsItsStreamLimitAllows() {
		start(HttpProtocol.H2C, HttpProtocol.HTTP11);
		RestClient restClient = restClient(ProtocolMode.H2C);
		List<Burst.Outcome<String>> outcomes = Burst.run(200,
				() -> restClient.get().uri(uri("/")).retrieve().body(String.class));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo("HTTP/2.0"));
		DestinationSnapshot destination = this.client.get().destinations().get(0);
		int needed = (int) Math.ceil(200.0 / Math.min(200, destination.maxStreams()));
		assertThat(this.clients).hasSizeBetween(needed, needed + 1);
	}

	@Test
	void whenNettySpeaksOnlyHttp1ThenH2cClientFallsBackWithoutErrors() {
		start(HttpProtocol.HTTP11);
		RestClient restClient = restClient(ProtocolMode.H2C);
		List<Burst.Outcome<String>> outcomes = Burst.run(20,
				() -> restClient.get().uri(uri("/")).retrieve().body(String.class));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo("HTTP/1.1"));
		assertThat(this.client.get().destinations()).anySatisfy((destination) -> {
			assertThat(destination.protocol()).isEqualTo(WireProtocol.H2C);
			assertThat(destination.protocolFallbacks()).isEqualTo(1);
		});
	}

	private void start(HttpProtocol... protocols) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.protocol(protocols)
			.handle((request, response) -> {
				this.clients.add(String.valueOf(request.remoteAddress()));
				return response.sendString(Mono.just(request.protocol()).delayElement(Duration.ofMillis(200)));
			})
			.bindNow();
	}

	private RestClient restClient(ProtocolMode protocol) {
		return this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(protocol));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.port() + path);
	}

}
