package io.github.internalhttp.client.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.client.transport.internal.HttpConnectionOverHTTP2;
import org.eclipse.jetty.http2.frames.Frame;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.jspecify.annotations.Nullable;

/**
 * What the pool knows of one of its connections: when it retires and, for HTTP/2, whether
 * its peer still speaks. As a frame listener of the HTTP/2 session it counts the frames
 * received, which tells a live peer from a dead one without timestamps, and counts
 * GOAWAYs in the destination's statistics.
 */
final class TrackedConnection implements HTTP2Session.FrameListener {

	private final Connection connection;

	private final long retireAt;

	private final DestinationStats stats;

	private final AtomicLong framesReceived = new AtomicLong();

	private final AtomicBoolean pingOutstanding = new AtomicBoolean();

	private volatile long framesAtLastCheck = -1;

	TrackedConnection(Connection connection, long retireAt, DestinationStats stats) {
		this.connection = connection;
		this.retireAt = retireAt;
		this.stats = stats;
		HTTP2Session session = session();
		if (session != null) {
			session.addEventListener(this);
		}
	}

	Connection connection() {
		return this.connection;
	}

	long retireAt() {
		return this.retireAt;
	}

	/**
	 * The HTTP/2 session of the connection.
	 * @return the session, or {@code null} for an HTTP/1.1 connection
	 */
	@Nullable HTTP2Session session() {
		if (this.connection instanceof HttpConnectionOverHTTP2 http2
				&& http2.getSession() instanceof HTTP2Session session) {
			return session;
		}
		return null;
	}

	@Override
	public void onIncomingFrame(Session session, Frame frame) {
		this.framesReceived.incrementAndGet();
		if (frame instanceof GoAwayFrame) {
			this.stats.goAwayReceived();
		}
	}

	long framesReceived() {
		return this.framesReceived.get();
	}

	/**
	 * Whether the connection should be sent a PING now: it received nothing since the
	 * previous check, so its peer may be gone, and no PING is awaiting an answer. Called
	 * by one keep-alive task at a time.
	 * @return whether the caller should send a PING and then {@link #pingSettled()}
	 */
	boolean needsPing() {
		long frames = this.framesReceived.get();
		boolean quiet = frames == this.framesAtLastCheck;
		this.framesAtLastCheck = frames;
		return quiet && this.pingOutstanding.compareAndSet(false, true);
	}

	void pingSettled() {
		this.pingOutstanding.set(false);
	}

}
