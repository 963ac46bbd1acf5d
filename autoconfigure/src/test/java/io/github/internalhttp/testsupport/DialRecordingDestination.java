package io.github.internalhttp.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.client.transport.HttpExchange;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.util.Promise;

/**
 * A destination that opens no connection: it records each connection its pool asks for,
 * and the test completes the dial with a connection of its own, or never. Requests are
 * queued on it directly, as a request being sent is.
 */
public final class DialRecordingDestination extends HttpDestination {

	private final List<Promise<Connection>> dials = new CopyOnWriteArrayList<>();

	private final AtomicInteger queueProcessings = new AtomicInteger();

	private DialRecordingDestination(HttpClient client, Origin origin) {
		super(client, origin);
	}

	/**
	 * A destination for {@code http://127.0.0.1:8080} over HTTP/1.1, on a client that
	 * need not be started.
	 * @param client the client
	 * @return the destination
	 */
	public static DialRecordingDestination http1(HttpClient client) {
		return new DialRecordingDestination(client, new Origin("http", "127.0.0.1", 8080));
	}

	/**
	 * A destination for {@code http://127.0.0.1:8080} over h2c, on a client that need
	 * not be started.
	 * @param client the client
	 * @return the destination
	 */
	public static DialRecordingDestination h2c(HttpClient client) {
		return new DialRecordingDestination(client, new Origin("http", new Origin.Address("127.0.0.1", 8080), null,
				new Origin.Protocol(List.of("h2c"), false)));
	}

	@Override
	public void newConnection(Promise<Connection> promise) {
		this.dials.add(promise);
	}

	/**
	 * Count the times the pool has the destination process its queue, as it does when a
	 * connection opens, and process nothing: the test's pool is not the destination's,
	 * and the test acquires connections itself.
	 */
	@Override
	public void succeeded() {
		this.queueProcessings.incrementAndGet();
	}

	/**
	 * The times the pool had the destination process its queue.
	 * @return the count
	 */
	public int queueProcessings() {
		return this.queueProcessings.get();
	}

	/**
	 * The connections the pool asked for so far, in order.
	 * @return the promises to complete with a connection
	 */
	public List<Promise<Connection>> dials() {
		return this.dials;
	}

	/**
	 * Queue a request, as sending it does before the destination looks for a connection.
	 */
	public void queueRequest() {
		HttpRequest request = (HttpRequest) getHttpClient().newRequest("http://127.0.0.1:8080/");
		getHttpExchanges().offer(new HttpExchange(this, request));
	}

}
