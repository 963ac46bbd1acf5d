package io.github.internalhttp.client.pool;

import java.io.IOException;
import java.util.Map;

import io.github.internalhttp.client.PoolTimer;
import io.github.internalhttp.client.WireProtocol;
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
 * destination counts under the protocol it negotiated. An HTTP/1.1 connection over TLS
 * is ready before its handshake: its handshake is recorded, or its failure counted, when
 * the handshake ends.
 */
final class Dial implements ClientConnectionFactory.Decorator, SslHandshakeListener {

	private final DestinationStats stats;

	private final ConnectionPool pool;

	private final long startedAt = System.nanoTime();

	private volatile long connectedAt;

	private long handshakeCompletedAt;

	/** Whether the connection was reported ready. */
	private boolean opened;

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
	public synchronized void handshakeSucceeded(Event event) {
		this.handshakeCompletedAt = System.nanoTime();
		if (this.opened) {
			// An HTTP/1.1 connection over TLS is ready before its handshake.
			recordHandshake(currentProtocol());
		}
	}

	/**
	 * A handshake that fails after the connection was reported ready (HTTP/1.1 over TLS,
	 * which does not wait for it) fails no dial in Jetty's eyes: count it as one here.
	 * Before that, the dial itself fails and the destination counts it.
	 */
	@Override
	public synchronized void handshakeFailed(Event event, Throwable failure) {
		if (this.opened) {
			this.stats.connectFailed(failure);
		}
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

	private synchronized void opened() {
		this.opened = true;
		long connectedAt = this.connectedAt;
		if (connectedAt == 0) {
			return;
		}
		WireProtocol protocol = currentProtocol();
		this.stats.recordDuration(PoolTimer.CONNECTIONS_CONNECT, protocol, connectedAt - this.startedAt);
		if (this.handshakeCompletedAt != 0) {
			recordHandshake(protocol);
		}
	}

	private void recordHandshake(WireProtocol protocol) {
		this.stats.recordDuration(PoolTimer.CONNECTIONS_TLS_HANDSHAKE, protocol,
				this.handshakeCompletedAt - this.connectedAt);
	}

	private WireProtocol currentProtocol() {
		return (this.pool instanceof StreamAwareConnectionPool aware) ? aware.getProtocol() : WireProtocol.UNKNOWN;
	}

}
