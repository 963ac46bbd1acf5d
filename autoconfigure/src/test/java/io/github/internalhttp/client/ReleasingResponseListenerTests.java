package io.github.internalhttp.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.testsupport.TestServer;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why {@link ReleasingResponseListener} signals the end of a body in
 * {@code onComplete}, not in {@code onSuccess}: plain Jetty notifies a response's
 * success while its connection is still taken, so a caller that sent its next request
 * from there would find no free connection and dial another.
 */
class ReleasingResponseListenerTests {

	/**
	 * When this fails, Jetty releases the connection before it notifies success:
	 * {@link ReleasingResponseListener#onSuccess} can signal the end of the body itself.
	 */
	@Test
	void vanillaJettyNotifiesResponseSuccessBeforeItReleasesTheConnection() throws Exception {
		HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
		client.start();
		try (TestServer server = TestServer.clearText(100)) {
			assertThat(client.GET(server.uri("/")).getStatus()).isEqualTo(200);
			AbstractConnectionPool pool = (AbstractConnectionPool) client.getDestinations().get(0).getConnectionPool();
			CompletableFuture<Integer> activeAtSuccess = new CompletableFuture<>();
			CompletableFuture<Result> result = new CompletableFuture<>();
			client.newRequest(server.uri("/"))
				.onResponseSuccess((Response response) -> activeAtSuccess.complete(pool.getActiveConnectionCount()))
				.send(result::complete);
			assertThat(result.get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
			assertThat(activeAtSuccess.get(5, TimeUnit.SECONDS)).isEqualTo(1);
		}
		finally {
			client.stop();
		}
	}

}
