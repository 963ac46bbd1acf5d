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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
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
	 * When this fails, Jetty no longer closes a connection its server closed as soon as
	 * the last stream's last DATA frame is read, before the exchange completes:
	 * {@link GracefulHttp2} can go.
	 */
	@Test
	void vanillaJettyAbortsAResponseReceivedInFullWhenItsServerClosesAfterAGoAway() throws Exception {
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
		// The server's GOAWAYs, graceful then final, have arrived; the body is unread.
		await().atMost(WAIT).until(() -> pool[0].events().stream().filter("frame GoAwayFrame"::equals).count() == 2);
		assertThatIOException().isThrownBy(() -> Content.Source.asString(source));
		Result aborted = result.get(5, TimeUnit.SECONDS);
		assertThat(aborted.getResponse().getStatus()).isEqualTo(200);
		assertThat(aborted.isFailed()).isTrue();
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

}
