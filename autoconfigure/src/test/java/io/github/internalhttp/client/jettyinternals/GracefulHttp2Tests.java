package io.github.internalhttp.client.jettyinternals;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.client.pool.ConnectionLifecycle;
import io.github.internalhttp.client.pool.DestinationStats;
import io.github.internalhttp.client.pool.StreamAwareConnectionPool;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Why {@link GracefulHttp2} defers the close of a connection its server closed: a
 * response the server sent in full before its GOAWAY and close, whose body the caller has
 * not read yet, is lost with plain Jetty, and delivered with the client's protocol and
 * pool.
 */
class GracefulHttp2Tests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private ContractServer server;

	private HttpClient client;

	private VanillaJetty jetty;

	@AfterEach
	void close() throws Exception {
		if (this.jetty != null) {
			this.jetty.close();
		}
		if (this.client != null) {
			this.client.stop();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	/**
	 * Jetty up to 12.1.13 closes a connection its server closed as soon as the last
	 * stream's last DATA frame is read, before the exchange completes. When this fails on
	 * such a version, that is no longer so.
	 */
	@Test
	void vanillaJettyBefore12114AbortsAResponseReceivedInFullWhenItsServerClosesAfterAGoAway() throws Exception {
		assumeTrue(JettyVersion.isBefore(12, 1, 14), "Jetty " + Jetty.VERSION + " delivers such a response");
		Source source = unreadBodyOfAResponseWhoseServerClosed();
		assertThatIOException().isThrownBy(() -> Content.Source.asString(source.body()));
		Result aborted = source.result().get(5, TimeUnit.SECONDS);
		assertThat(aborted.getResponse().getStatus()).isEqualTo(200);
		assertThat(aborted.isFailed()).isTrue();
	}

	/**
	 * Jetty 12.1.14 delivers such a response: {@link GracefulHttp2} can go once the
	 * client's oldest supported Jetty is 12.1.14. When this fails, a later Jetty aborts
	 * the response again, and the workaround must stay.
	 */
	@Test
	void vanillaJettyFrom12114DeliversAResponseReceivedInFullWhenItsServerClosesAfterAGoAway() throws Exception {
		assumeFalse(JettyVersion.isBefore(12, 1, 14), "Jetty " + Jetty.VERSION + " aborts such a response");
		Source source = unreadBodyOfAResponseWhoseServerClosed();
		assertThat(Content.Source.asString(source.body())).isEqualTo("ok");
		assertThat(source.result().get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
	}

	/**
	 * With plain Jetty, a response sent in full by a server that then shuts its
	 * connection down gracefully: both its GOAWAYs have arrived, its body is unread.
	 */
	private Source unreadBodyOfAResponseWhoseServerClosed() throws Exception {
		this.server = new ContractServer(100);
		RecordingPool[] pool = new RecordingPool[1];
		this.jetty = VanillaJetty.h2c((destination) -> pool[0] = new RecordingPool(destination));
		CompletableFuture<Content.Source> body = new CompletableFuture<>();
		CompletableFuture<Result> result = new CompletableFuture<>();
		this.jetty.client()
			.newRequest(this.server.uri("/ok-then-shutdown"))
			.onResponseContentSource((response, source) -> body.complete(source))
			.send(result::complete);
		Content.Source source = body.get(5, TimeUnit.SECONDS);
		await().atMost(WAIT).until(() -> pool[0].events().stream().filter("frame GoAwayFrame"::equals).count() == 2);
		return new Source(source, result);
	}

	@Test
	void whenItsServerClosesAfterAGoAwayThenAResponseReceivedInFullIsStillDelivered() throws Exception {
		this.server = new ContractServer(100);
		DestinationStats stats = new DestinationStats(Clock.systemUTC());
		HttpClientTransportDynamic transport = new HttpClientTransportDynamic(new ClientConnector(),
				new GracefulHttp2(new HTTP2Client()));
		transport.setConnectionPoolFactory(
				(destination) -> new StreamAwareConnectionPool(destination, 64, 0, stats, ConnectionLifecycle.NONE));
		this.client = new HttpClient(transport);
		this.client.start();
		CompletableFuture<Content.Source> body = new CompletableFuture<>();
		CompletableFuture<Result> result = new CompletableFuture<>();
		this.client.newRequest(this.server.uri("/ok-then-shutdown"))
			.onResponseContentSource((response, source) -> body.complete(source))
			.send(result::complete);
		Content.Source source = body.get(5, TimeUnit.SECONDS);
		await().atMost(WAIT).until(() -> stats.goAways() == 2);
		assertThat(Content.Source.asString(source)).isEqualTo("ok");
		assertThat(result.get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
		await().atMost(WAIT).until(() -> stats.connectionsClosed() == 1);
	}

	/**
	 * A response's unread body, and the outcome of its exchange.
	 *
	 * @param body the body
	 * @param result completed when the exchange is over
	 */
	private record Source(Content.Source body, CompletableFuture<Result> result) {

	}

}
