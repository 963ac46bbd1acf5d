package io.github.internalhttp.client.jettyinternals;

import java.util.function.Consumer;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.client.transport.internal.HttpConnectionOverHTTP2;
import org.eclipse.jetty.http2.frames.Frame;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP/2 session behind a pooled connection, which Jetty exposes only through classes
 * of its internal packages.
 * <p>
 * Jetty's HTTP/2 client connection is {@code HttpConnectionOverHTTP2}, of an internal
 * package; its session is an {@code HTTP2Session}, Jetty's implementation of the
 * {@link Session} API, which alone takes frame listeners and disconnects without waiting
 * for the peer.
 */
public final class Http2Sessions {

	private Http2Sessions() {
	}

	/**
	 * The HTTP/2 session of a connection.
	 * @param connection a pooled connection
	 * @return its session, or {@code null} for an HTTP/1.1 connection
	 */
	public static @Nullable Session sessionOf(Connection connection) {
		return (connection instanceof HttpConnectionOverHTTP2 http2) ? http2.getSession() : null;
	}

	/**
	 * The streams open on a connection: one per request sent and not yet complete. A
	 * request that took a connection from the pool opens its stream only once it has left
	 * the destination's queue and is being sent.
	 * @param connection a pooled connection
	 * @return the streams of its HTTP/2 session, 0 for an HTTP/1.1 connection
	 */
	public static int streamsInFlight(Connection connection) {
		Session session = sessionOf(connection);
		return (session != null) ? session.getStreams().size() : 0;
	}

	/**
	 * Be told of every frame an HTTP/2 connection receives, before Jetty acts on it: in
	 * particular before its session listener handles a GOAWAY.
	 * @param connection a pooled connection
	 * @param listener called with each frame received, on the thread that read it
	 * @return whether the listener was added; {@code false} for an HTTP/1.1 connection
	 */
	public static boolean onIncomingFrame(Connection connection, Consumer<Frame> listener) {
		if (sessionOf(connection) instanceof HTTP2Session session) {
			return session.addEventListener(new HTTP2Session.FrameListener() {

				@Override
				public void onIncomingFrame(Session session, Frame frame) {
					listener.accept(frame);
				}

			});
		}
		return false;
	}

	/**
	 * Close the network connection of an HTTP/2 session at once. Closing a session
	 * normally sends a GOAWAY and waits for the peer's, which a dead peer never sends.
	 * @param connection a pooled connection
	 */
	public static void disconnect(Connection connection) {
		if (sessionOf(connection) instanceof HTTP2Session session) {
			session.disconnect();
		}
	}

}
