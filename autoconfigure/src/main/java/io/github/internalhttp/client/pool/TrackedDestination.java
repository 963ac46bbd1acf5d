package io.github.internalhttp.client.pool;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.client.PoolTimer;
import io.github.internalhttp.client.PrefaceClosedException;
import io.github.internalhttp.client.ProtocolDowngradeException;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.client.transport.HttpExchange;
import org.eclipse.jetty.client.transport.IConnection;
import org.eclipse.jetty.client.transport.SendFailure;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.Promise;

/**
 * A destination that records the outcome of every attempt to open a connection, so that
 * failed dials are visible in the pool's statistics, and that learns when an h2c
 * destination does not speak HTTP/2.
 * <p>
 * Jetty has no fallback from h2c: a server that speaks only HTTP/1.1 answers the preface
 * with an HTTP/1.1 error or closes, and the connection fails with an error such as
 * {@code frame_size_error}. Such a failure after the TCP connection was established marks
 * the destination as HTTP/1.1 in the {@link ProtocolMemory}, and fails the queued requests
 * with a {@link ProtocolDowngradeException}, which tells the request layer to send them
 * again over HTTP/1.1. A close with no answer at all is taken as such only when it happens
 * twice in a row; the first fails the queued requests with a
 * {@link PrefaceClosedException}, and they are sent again over h2c.
 */
class TrackedDestination extends HttpDestination {

	private final DestinationStats stats;

	private final ProtocolMemory protocolMemory;

	private final boolean h2c;

	private final String name;

	/** New h2c connections closed in a row before the server answered the preface. */
	private final AtomicInteger silentCloses = new AtomicInteger();

	TrackedDestination(HttpClient client, Origin origin, DestinationStats stats, ProtocolMemory protocolMemory) {
		super(client, origin);
		this.stats = stats;
		this.protocolMemory = protocolMemory;
		Origin.Protocol protocol = origin.getProtocol();
		this.h2c = protocol != null && List.of("h2c").equals(protocol.getProtocols());
		this.name = RoutingTransport.name(origin);
	}

	DestinationStats getStats() {
		return this.stats;
	}

	@Override
	public void newConnection(Promise<Connection> promise) {
		super.newConnection(new Promise.Wrapper<>(promise) {

			@Override
			public void succeeded(Connection connection) {
				TrackedDestination.this.silentCloses.set(0);
				super.succeeded(connection);
			}

			@Override
			public void failed(Throwable failure) {
				TrackedDestination.this.stats.connectFailed(failure);
				super.failed(downgradeIfNotHttp2(failure));
			}

		});
	}

	/**
	 * Queue a request, noting when, so that its wait for a connection or a stream is timed
	 * when it is sent.
	 */
	@Override
	protected boolean enqueue(Queue<HttpExchange> queue, HttpExchange exchange) {
		RoutingTransport.RequestRoute route = RoutingTransport.routeOf(exchange.getRequest());
		if (route != null) {
			route.queued(System.nanoTime());
		}
		return super.enqueue(queue, exchange);
	}

	@Override
	protected SendFailure send(IConnection connection, HttpExchange exchange) {
		SendFailure failure = super.send(connection, exchange);
		if (failure == null && getConnectionPool() instanceof StreamAwareConnectionPool pool) {
			RoutingTransport.RequestRoute route = RoutingTransport.routeOf(exchange.getRequest());
			if (route != null && route.queuedAt() != 0) {
				this.stats.recordDuration(PoolTimer.REQUESTS_WAIT, pool.getProtocol(),
						System.nanoTime() - route.queuedAt());
			}
			pool.requestSent((Connection) connection);
		}
		return failure;
	}

	private Throwable downgradeIfNotHttp2(Throwable failure) {
		if (!this.h2c || isConnectFailure(failure)) {
			return failure;
		}
		// A close without an answer is ambiguous: Tomcat closes so on a preface it does not
		// speak, but a server restarting or dropping its connections does too. One such
		// close is given a second chance over h2c; an answer that is not HTTP/2, or a second
		// close in a row, is taken as the server's word.
		if (isSilentClose(failure) && this.silentCloses.getAndIncrement() == 0) {
			return new PrefaceClosedException(this.name, this.name
					+ " closed a new connection before answering the h2c preface (" + failure + "); trying h2c again",
					failure);
		}
		this.silentCloses.set(0);
		Origin origin = getOrigin();
		if (this.protocolMemory.rememberHttp1(origin.getScheme(), origin.getAddress().getHost(),
				origin.getAddress().getPort())) {
			this.stats.protocolFellBack();
		}
		return new ProtocolDowngradeException(this.name,
				this.name + " did not answer the h2c preface (" + failure + "); using HTTP/1.1", failure);
	}

	private static boolean isSilentClose(Throwable failure) {
		return failure instanceof ClosedChannelException || failure instanceof EofException;
	}

	/**
	 * Whether a failure happened before a TCP connection was established, which says
	 * nothing about the protocols the server speaks.
	 */
	private static boolean isConnectFailure(Throwable failure) {
		return failure instanceof ConnectException || failure instanceof NoRouteToHostException
				|| failure instanceof UnknownHostException || failure instanceof UnresolvedAddressException
				|| failure instanceof SocketTimeoutException || failure instanceof TimeoutException;
	}

}
