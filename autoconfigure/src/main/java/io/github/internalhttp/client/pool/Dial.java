package io.github.internalhttp.client.pool;

import java.io.IOException;
import java.util.Map;

import io.github.internalhttp.client.PoolTimer;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.Promise;

/**
 * The timing of one attempt to open a connection to one address: when the TCP connect
 * started, when the socket was established and, for TLS, when the handshake completed.
 * <p>
 * It hooks into the dial through Jetty's public connect context: as the
 * {@link ClientConnectionFactory.Decorator} of the dial it wraps the outermost connection
 * factory, which Jetty calls once the socket is established, and it listens to the
 * handshake of the {@link SslConnection} that factory creates. The connection promise of
 * the context tells when the connection is ready; the durations are recorded then, once
 * the pool has learned what the connection speaks, so that the first handshake of a TLS
 * destination counts under the protocol it negotiated.
 */
final class Dial implements ClientConnectionFactory.Decorator, SslHandshakeListener {

	private final DestinationStats stats;

	private final ConnectionPool pool;

	private final long startedAt = System.nanoTime();

	private volatile long connectedAt;

	private volatile long handshakeCompletedAt;

	Dial(DestinationStats stats, ConnectionPool pool) {
		this.stats = stats;
		this.pool = pool;
	}

	@Override
	public ClientConnectionFactory apply(ClientConnectionFactory factory) {
		return new ClientConnectionFactory.Wrapper(factory) {

			@Override
			public org.eclipse.jetty.io.Connection newConnection(EndPoint endPoint, Map<String, Object> context)
					throws IOException {
				Dial.this.connectedAt = System.nanoTime();
				org.eclipse.jetty.io.Connection connection = getWrapped().newConnection(endPoint, context);
				if (connection instanceof SslConnection tls) {
					tls.addHandshakeListener(Dial.this);
				}
				return connection;
			}

		};
	}

	@Override
	public void handshakeSucceeded(Event event) {
		this.handshakeCompletedAt = System.nanoTime();
	}

	/**
	 * Wrap the promise of the connection so that the dial's durations are recorded when
	 * the connection is ready.
	 * @param promise the promise Jetty completes with the connection
	 * @return the promise to complete instead
	 */
	Promise<Connection> wrap(Promise<Connection> promise) {
		return new Promise.Wrapper<>(promise) {

			@Override
			public void succeeded(Connection connection) {
				// The pool takes the connection in first and learns its protocol.
				super.succeeded(connection);
				opened();
			}

		};
	}

	private void opened() {
		long connectedAt = this.connectedAt;
		if (connectedAt == 0) {
			return;
		}
		io.github.internalhttp.client.WireProtocol protocol = (this.pool instanceof StreamAwareConnectionPool aware)
				? aware.getProtocol() : io.github.internalhttp.client.WireProtocol.UNKNOWN;
		this.stats.recordDuration(PoolTimer.CONNECTIONS_CONNECT, protocol, connectedAt - this.startedAt);
		long handshakeCompletedAt = this.handshakeCompletedAt;
		if (handshakeCompletedAt != 0) {
			this.stats.recordDuration(PoolTimer.CONNECTIONS_TLS_HANDSHAKE, protocol,
					handshakeCompletedAt - connectedAt);
		}
	}

}
