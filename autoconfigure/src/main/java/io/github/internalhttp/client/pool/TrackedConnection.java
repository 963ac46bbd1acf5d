package io.github.internalhttp.client.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * received, which tells a live peer from a dead one without timestamps, counts GOAWAYs
 * in the destination's statistics, and retires the connection on a GOAWAY.
 */
final class TrackedConnection implements HTTP2Session.FrameListener {

	private final Connection connection;

	private final long retireAt;

	private final AtomicInteger requestsSent = new AtomicInteger();

	private final DestinationStats stats;

	private final AtomicLong framesReceived = new AtomicLong();

	private final AtomicBoolean pingOutstanding = new AtomicBoolean();

	private volatile long framesAtLastCheck = -1;

	private volatile boolean goingAway;

	private volatile boolean activated;

	private final AtomicInteger goAwayRemovals = new AtomicInteger();

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
			// Jetty's session listener removes the connection from the pool right after
			// this, once per GOAWAY, as if one of its requests had ended.
			this.goingAway = true;
			this.goAwayRemovals.incrementAndGet();
		}
	}

	/**
	 * Note that the pool handed the connection to a request.
	 */
	void activated() {
		if (!this.activated) {
			this.activated = true;
		}
	}

	/**
	 * Whether the pool has handed the connection to a request yet: a connection that was
	 * never handed out is still being made available.
	 * @return whether the connection served a request
	 */
	boolean wasActivated() {
		return this.activated;
	}

	/**
	 * Count a request sent on this connection.
	 * @return the requests sent on it so far
	 */
	int requestSent() {
		return this.requestsSent.incrementAndGet();
	}

	/**
	 * Take no new request on this connection.
	 */
	void retire() {
		this.goingAway = true;
	}

	/**
	 * Whether the peer sent a GOAWAY or closed: the connection takes no new request.
	 * @return whether the connection is going away
	 */
	boolean goingAway() {
		return this.goingAway;
	}

	/**
	 * Take one of the removals Jetty makes of a connection on each GOAWAY it receives.
	 * Jetty's pool counts such a removal as the end of one of the connection's requests,
	 * and would close the connection while its last request is still in flight; the pool
	 * skips it instead. Which removal is skipped does not matter: each GOAWAY adds one
	 * removal that is not a request's, and one is skipped per GOAWAY.
	 * @return whether a removal was taken, and the caller should skip it
	 */
	boolean takeGoAwayRemoval() {
		while (true) {
			int pending = this.goAwayRemovals.get();
			if (pending == 0) {
				return false;
			}
			if (this.goAwayRemovals.compareAndSet(pending, pending - 1)) {
				return true;
			}
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
