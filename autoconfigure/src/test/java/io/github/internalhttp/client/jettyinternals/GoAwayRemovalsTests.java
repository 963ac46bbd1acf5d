package io.github.internalhttp.client.jettyinternals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.ClientUnderTest;
import org.eclipse.jetty.client.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Why the pool skips one removal per GOAWAY ({@link GoAwayRemovals}): with two streams in
 * flight when a server shuts down gracefully, plain Jetty closes the connection under the
 * second once the first completes, and the client's pool delivers both.
 */
class GoAwayRemovalsTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	private ContractServer server;

	private VanillaJetty jetty;

	/**
	 * When this fails, Jetty no longer counts its GOAWAY removal as the end of a request:
	 * {@link GoAwayRemovals} and the pool's skipping of those removals can go.
	 */
	@Test
	void vanillaJettyClosesAConnectionUnderItsLastStreamOnGoAway() throws Exception {
		this.server = this.closeables.add(new ContractServer(100));
		RecordingPool[] pool = new RecordingPool[1];
		this.jetty = this.closeables.add(VanillaJetty.h2c((destination) -> pool[0] = new RecordingPool(destination)));
		CompletableFuture<Result> first = send(this.jetty, "/held");
		ContractServer.HeldExchange firstHeld = this.server.nextHeld();
		CompletableFuture<Result> second = send(this.jetty, "/held");
		ContractServer.HeldExchange secondHeld = this.server.nextHeld();
		firstHeld.session().shutdown();
		await().atMost(WAIT).until(() -> pool[0].events().contains("frame GoAwayFrame"));
		firstHeld.answer();
		assertThat(first.get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
		// The server would still answer the second request: Jetty has already failed it.
		assertThat(second.get(5, TimeUnit.SECONDS).isFailed()).isTrue();
		secondHeld.answer();
	}

	@Test
	void whenAServerShutsDownWithTwoStreamsInFlightThenThePoolDeliversBoth() throws Exception {
		this.server = this.closeables.add(new ContractServer(100));
		this.client.create(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		CompletableFuture<Result> first = send("/held");
		ContractServer.HeldExchange firstHeld = this.server.nextHeld();
		CompletableFuture<Result> second = send("/held");
		ContractServer.HeldExchange secondHeld = this.server.nextHeld();
		firstHeld.session().shutdown();
		await().atMost(WAIT).until(() -> this.client.onlyDestination().goAways() == 1);
		firstHeld.answer();
		assertThat(first.get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
		secondHeld.answer();
		assertThat(second.get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
		// The connection that went away closes once its last stream is delivered.
		await().atMost(WAIT).until(() -> this.client.onlyDestination().connectionsClosed() == 1);
	}

	private CompletableFuture<Result> send(String path) {
		CompletableFuture<Result> result = new CompletableFuture<>();
		this.client.get().newRequest(this.server.uri(path)).send(result::complete);
		return result;
	}

	private CompletableFuture<Result> send(VanillaJetty jetty, String path) {
		CompletableFuture<Result> result = new CompletableFuture<>();
		jetty.client().newRequest(this.server.uri(path)).send(result::complete);
		return result;
	}

}
