package io.github.internalhttp.client.jettyinternals;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
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

	/** The tap of each listened session, forgotten with the session. */
	private static final Map<HTTP2Session, FrameTap> TAPS = Collections.synchronizedMap(new WeakHashMap<>());

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
		return onFrames(connection, listener, (frame) -> {
		});
	}

	/**
	 * Be told of every frame an HTTP/2 connection receives, before Jetty acts on it, and
	 * of every frame it sends, such as the GOAWAY with which the client ends a connection
	 * whose peer broke the protocol.
	 * @param connection a pooled connection
	 * @param incoming called with each frame received, on the thread that read it
	 * @param outgoing called with each frame as it is written
	 * @return whether the listeners were added; {@code false} for an HTTP/1.1 connection
	 */
	public static boolean onFrames(Connection connection, Consumer<Frame> incoming, Consumer<Frame> outgoing) {
		if (sessionOf(connection) instanceof HTTP2Session session) {
			FrameTap tap = new FrameTap(incoming, outgoing);
			TAPS.put(session, tap);
			return session.addEventListener(tap);
		}
		return false;
	}

	/**
	 * The error code of the GOAWAY a connection received, if it received one with an
	 * error code other than NO_ERROR: Jetty fails the streams of such a connection with
	 * a bare {@code ClosedChannelException} or {@code EofException} once the server
	 * closes it, which says nothing of why. Known only for connections that
	 * {@link #onIncomingFrame(Connection, Consumer)} listens to.
	 * @param connection the connection a request was sent on, or {@code null}
	 * @return the error code, or {@code null}
	 */
	public static @Nullable Integer goAwayError(@Nullable Connection connection) {
		if (connection != null && sessionOf(connection) instanceof HTTP2Session session) {
			FrameTap tap = TAPS.get(session);
			if (tap != null && tap.goAwayError != ErrorCode.NO_ERROR.code) {
				return tap.goAwayError;
			}
		}
		return null;
	}

	private static final class FrameTap implements HTTP2Session.FrameListener {

		private final Consumer<Frame> listener;

		private final Consumer<Frame> outgoing;

		private volatile int goAwayError = ErrorCode.NO_ERROR.code;

		FrameTap(Consumer<Frame> listener, Consumer<Frame> outgoing) {
			this.listener = listener;
			this.outgoing = outgoing;
		}

		@Override
		public void onOutgoingFrame(Session session, Frame frame) {
			this.outgoing.accept(frame);
		}

		@Override
		public void onIncomingFrame(Session session, Frame frame) {
			if (frame instanceof GoAwayFrame goAway && goAway.getError() != ErrorCode.NO_ERROR.code) {
				this.goAwayError = goAway.getError();
			}
			this.listener.accept(frame);
		}

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
