package io.github.internalhttp.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link InternalClientHttpConnector}: {@code WebClient} on the shared pool,
 * against real h2c servers.
 */
class InternalClientHttpConnectorTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@Test
	void whenWebClientAndRestClientCallOneDestinationConcurrentlyThenTheyShareOneConnection() {
		try (TestServer server = TestServer.clearText(256)) {
			RestClient restClient = this.client
				.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			WebClient webClient = webClient();
			AtomicInteger calls = new AtomicInteger();
			List<Burst.Outcome<String>> outcomes = Burst.run(200, () -> {
				if (calls.getAndIncrement() % 2 == 0) {
					return webClient.get().uri(server.uri("/?delayMs=50")).retrieve().bodyToMono(String.class)
						.block(Duration.ofSeconds(30));
				}
				return restClient.get().uri(server.uri("/?delayMs=50")).retrieve().body(String.class);
			});
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo("ok"));
			assertThat(server.requests()).isEqualTo(200);
			assertThat(server.connectionsAccepted()).isEqualTo(1);
			assertThat(this.client.onlyDestination().connectionsOpened()).isEqualTo(1);
		}
	}

	@Test
	void whenServerShutsDownGracefullyMidLoadThenEveryWebClientGetAndPostSucceeds() {
		try (TestServer server = TestServer.clearText(256).goAwayAfter(20)) {
			this.client.create(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C)).start();
			WebClient webClient = webClient();
			AtomicInteger calls = new AtomicInteger();
			List<Burst.Outcome<String>> outcomes = Burst.run(200, () -> {
				if (calls.getAndIncrement() % 2 == 0) {
					return webClient.get().uri(server.uri("/")).retrieve().bodyToMono(String.class)
						.block(Duration.ofSeconds(30));
				}
				return webClient.post().uri(server.uri("/")).bodyValue("payload").retrieve()
					.bodyToMono(String.class).block(Duration.ofSeconds(30));
			});
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure()).isNull());
			DestinationSnapshot destination = this.client.onlyDestination();
			assertThat(destination.goAways()).isPositive();
			// Every request was processed exactly once: none lost, none sent twice.
			assertThat(server.requests()).isEqualTo(200);
		}
	}

	@Test
	void whenAResponseReachesUserCodeThenItRunsOffTheClientsOwnThreads() {
		try (TestServer server = TestServer.clearText(256)) {
			this.client.create(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C)).start();
			WebClient webClient = webClient();
			List<String> threads = new CopyOnWriteArrayList<>();
			String body = webClient.get()
				.uri(server.uri("/"))
				.exchangeToMono((response) -> {
					threads.add(Thread.currentThread().getName());
					return response.bodyToMono(String.class);
				})
				.map((answer) -> {
					threads.add(Thread.currentThread().getName());
					return answer;
				})
				.block(Duration.ofSeconds(30));
			assertThat(body).isEqualTo("ok");
			// The client's threads read and write its connections; a user operator that
			// blocked on one of them would hold up that I/O.
			assertThat(threads).hasSize(2)
				.noneMatch((name) -> name.startsWith(InternalHttpClient.THREAD_NAME_PREFIX));
		}
	}

	@Test
	void whenAnH2cServerSendsResponseHeadersOverTheLimitThenTheWebClientGetFailsOnceNamingTheProperty() {
		try (TestServer server = TestServer.clearText(256).ignoringAnnouncedHeaderListSize()) {
			this.client.create(InternalHttpClientSettings.defaults()
				.withProtocol(ProtocolMode.H2C)
				.withMaxResponseHeadersSize(16 * 1024)
				.withResponseTimeout(Duration.ofSeconds(30))).start();
			WebClient webClient = webClient();
			Throwable failure = catchThrowable(() -> webClient.get()
				.uri(server.uri("/?headerBytes=" + 20 * 1024))
				.retrieve()
				.toBodilessEntity()
				.block(Duration.ofSeconds(30)));
			assertThat(failure).hasRootCauseInstanceOf(IOException.class);
			Throwable tooLarge = failure;
			while (tooLarge != null && !(tooLarge instanceof ResponseHeadersTooLargeException)) {
				tooLarge = tooLarge.getCause();
			}
			assertThat(tooLarge).as("a ResponseHeadersTooLargeException in %s", failure)
				.isInstanceOf(ResponseHeadersTooLargeException.class)
				.hasMessageContaining(server.destination())
				.hasMessageContaining("internal.http.client.max-response-headers-size")
				.hasMessageContaining("16384 bytes");
			assertThat(server.requests()).as("requests the server received").isEqualTo(1);
			assertThat(this.client.onlyDestination().retries()).isEmpty();
			assertThat(webClient.get().uri(server.uri("/")).retrieve().bodyToMono(String.class)
				.block(Duration.ofSeconds(30))).isEqualTo("ok");
		}
	}

	private WebClient webClient() {
		return WebClient.builder().clientConnector(new InternalClientHttpConnector(this.client.get())).build();
	}

}
