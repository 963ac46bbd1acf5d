package io.github.internalhttp.testsupport;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.client.InternalHttpClient;
import org.eclipse.jetty.client.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded bursts of requests through an {@link InternalHttpClient}.
 */
public final class Traffic {

	private Traffic() {
	}

	/**
	 * Send requests all at once and wait, at most 20 seconds, until every one answered
	 * 200.
	 * @param client the client
	 * @param uri where to send them
	 * @param requests how many
	 */
	public static void send(InternalHttpClient client, URI uri, int requests) {
		List<Result> results = sendAndWait(client, uri, requests);
		assertThat(results).allSatisfy((result) -> {
			assertThat(result.getFailure()).isNull();
			assertThat(result.getResponse().getStatus()).isEqualTo(200);
		});
	}

	/**
	 * Send one request that is expected to fail, such as one to a closed port.
	 * @param client the client
	 * @param uri where to send it
	 * @return the failure
	 */
	public static Throwable fail(InternalHttpClient client, URI uri) {
		Result result = sendAndWait(client, uri, 1).get(0);
		assertThat(result.getFailure()).isNotNull();
		return result.getFailure();
	}

	/**
	 * Send requests all at once without waiting for them.
	 * @param client the client
	 * @param uri where to send them
	 * @param requests how many
	 * @return a latch counted down as each completes
	 */
	public static CountDownLatch start(InternalHttpClient client, URI uri, int requests) {
		CountDownLatch done = new CountDownLatch(requests);
		for (int i = 0; i < requests; i++) {
			client.newRequest(uri).timeout(20, TimeUnit.SECONDS).send((result) -> done.countDown());
		}
		return done;
	}

	private static List<Result> sendAndWait(InternalHttpClient client, URI uri, int requests) {
		CountDownLatch done = new CountDownLatch(requests);
		List<Result> results = new CopyOnWriteArrayList<>();
		for (int i = 0; i < requests; i++) {
			client.newRequest(uri).timeout(10, TimeUnit.SECONDS).send((result) -> {
				results.add(result);
				done.countDown();
			});
		}
		try {
			assertThat(done.await(20, TimeUnit.SECONDS)).as("all requests completed").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return results;
	}

}
