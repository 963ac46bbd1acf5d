package io.github.internalhttp.client.jettyinternals;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.HTTP2ClientConnectionFactory;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.http2.client.transport.internal.HTTPSessionListenerPromise;
import org.eclipse.jetty.http2.client.transport.internal.HttpConnectionOverHTTP2;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.EndPoint;

/**
 * Jetty's HTTP/2 application protocol, with a gentler end of connection.
 * <p>
 * When a server closes a connection after a graceful GOAWAY, Jetty closes the client
 * connection as soon as the last stream is closed at the protocol level, which happens
 * when its last DATA frame is received, before the response listener has been handed
 * that data. Closing then aborts those exchanges, and a response the server sent in full
 * is lost. Here a connection that still carries exchanges is retired instead, when the
 * destination's pool is a {@link DeferredClose}: it takes no new request, and the release
 * of its last exchange closes it. Jetty 12.1.14 no longer loses such a response
 * ({@code GracefulHttp2Tests}): this can go once the client's oldest supported Jetty is
 * 12.1.14.
 * <p>
 * Jetty offers no hook for this: its session listener, {@code HTTPSessionListenerPromise}
 * of an internal package, is created inside
 * {@link ClientConnectionFactoryOverHTTP2#newConnection(EndPoint, Map)}, whose few lines
 * are therefore repeated here with a subclass of that listener.
 */
public final class GracefulHttp2 extends ClientConnectionFactory.Info {

	private static final List<String> PROTOCOLS = List.of("h2", "h2c");

	/**
	 * Create the protocol over an HTTP/2 client.
	 * @param http2Client the HTTP/2 client connections are opened with
	 */
	public GracefulHttp2(HTTP2Client http2Client) {
		super(new Factory(http2Client));
	}

	@Override
	public List<String> getProtocols(boolean secure) {
		return secure ? PROTOCOLS : List.of("h2c");
	}

	private static final class Factory extends ClientConnectionFactoryOverHTTP2 {

		private final ClientConnectionFactory http2 = new HTTP2ClientConnectionFactory();

		private final HTTP2Client http2Client;

		Factory(HTTP2Client http2Client) {
			super(http2Client);
			this.http2Client = http2Client;
		}

		@Override
		public org.eclipse.jetty.io.Connection newConnection(EndPoint endPoint, Map<String, Object> context)
				throws IOException {
			HTTPSessionListenerPromise listenerPromise = new ClosingWhenReleased(context);
			context.put(HTTP2Client.CONTEXT_KEY, this.http2Client);
			context.put(HTTP2Client.SESSION_LISTENER_CONTEXT_KEY, listenerPromise);
			context.put(HTTP2Client.SESSION_PROMISE_CONTEXT_KEY, listenerPromise);
			return this.http2.newConnection(endPoint, context);
		}

	}

	private static final class ClosingWhenReleased extends HTTPSessionListenerPromise {

		private final Map<String, Object> context;

		ClosingWhenReleased(Map<String, Object> context) {
			super(context);
			this.context = context;
		}

		@Override
		public void onClose(HttpConnectionOverHTTP2 connection, GoAwayFrame frame) {
			Destination destination = (Destination) this.context.get(Destination.CONTEXT_KEY);
			// A GOAWAY with an error code (ENHANCE_YOUR_CALM, PROTOCOL_ERROR, ...) ends the
			// connection: the server answers none of its streams, which would otherwise wait
			// for their response timeout on a retired connection.
			boolean graceful = frame == null || frame.getError() == ErrorCode.NO_ERROR.code;
			if (graceful && destination != null && destination.getConnectionPool() instanceof DeferredClose pool
					&& pool.closeWhenReleased(connection)) {
				return;
			}
			super.onClose(connection, frame);
		}

	}

}
