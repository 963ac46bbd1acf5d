package io.github.internalhttp.client.pool;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.client.jettyinternals.GoAwayRemovals;
import io.github.internalhttp.client.jettyinternals.Http2Sessions;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.http2.frames.Frame;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import io.github.internalhttp.client.Http2ErrorCodes;
import org.jspecify.annotations.Nullable;

/**
 * What the pool knows of one of its connections: when it was opened and retires, the
 * requests sent on it, whether its server is going away, and, for HTTP/2, the frames its
 * peer sends, which it hears as they arrive.
 */
final class TrackedConnection {

	/** The connection. */
	private final Connection connection;

	/** Order in which the pool's connections were opened, the newest highest. */
	private final long openedOrder;

	/** When the connection retires for age, on the lifecycle's time scale. */
	private final long retireAt;

	/** Where a GOAWAY is counted. */
	private final DestinationStats stats;

	/** When the connection joined the pool, by {@link System#nanoTime()}. */
	private final long openedAtNanos = System.nanoTime();

	/** Requests sent on the connection so far. */
	private final AtomicInteger requestsSent = new AtomicInteger();

	/** Whether its peer still speaks, for the PING keep-alive. */
	private final PeerLiveness liveness = new PeerLiveness();

	/** The removals Jetty makes of the connection on its GOAWAYs. */
	private final GoAwayRemovals goAwayRemovals = new GoAwayRemovals();

	/** Whether the server sent a GOAWAY or closed the connection. */
	private volatile boolean goingAway;

	/** Whether the connection carried the most requests a connection may. */
	private volatile boolean usedUp;

	/** For HTTP/1.1: whether a request sent on the connection is still in flight. */
	private volatile boolean carryingRequest;

	/** The address the connection is connected to, {@code null} if not an IP socket. */
	private final @Nullable InetSocketAddress remoteAddress;

	/** Whether the connection's address is no longer listed for its host name. */
	private volatile boolean drained;

	TrackedConnection(Connection connection, long openedOrder, long retireAt, DestinationStats stats) {
		this.connection = connection;
		this.openedOrder = openedOrder;
		this.retireAt = retireAt;
		this.stats = stats;
		this.remoteAddress = (connection.getRemoteSocketAddress() instanceof InetSocketAddress inet) ? inet : null;
		Http2Sessions.onFrames(connection, this::frameReceived, this::frameSent);
	}

	@Nullable InetSocketAddress remoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * Note that the connection's address is no longer listed for its host name: it takes
	 * no new request.
	 */
	void drain() {
		this.drained = true;
	}

	boolean isDrained() {
		return this.drained;
	}

	Connection connection() {
		return this.connection;
	}

	long openedOrder() {
		return this.openedOrder;
	}

	/**
	 * How long the connection has been in the pool.
	 * @return nanoseconds since it joined
	 */
	long ageNanos() {
		return System.nanoTime() - this.openedAtNanos;
	}

	long retireAt() {
		return this.retireAt;
	}

	PeerLiveness liveness() {
		return this.liveness;
	}

	GoAwayRemovals goAwayRemovals() {
		return this.goAwayRemovals;
	}

	/**
	 * Take note of a frame the peer sent: it is alive, and a GOAWAY means the connection
	 * takes no new request.
	 * @param frame the frame received
	 */
	/**
	 * A frame the client sends: a GOAWAY with an error code is the client ending the
	 * connection because the server broke the protocol (such as a response header block
	 * over the announced limit), which fails every request on it.
	 */
	void frameSent(Frame frame) {
		if (frame instanceof GoAwayFrame goAway && goAway.getError() != ErrorCode.NO_ERROR.code) {
			this.stats.goAwaySent(Http2ErrorCodes.name(goAway.getError()));
		}
	}

	void frameReceived(Frame frame) {
		this.liveness.frameReceived();
		if (frame instanceof ResetFrame reset) {
			this.stats.streamResetReceived(Http2ErrorCodes.name(reset.getError()));
		}
		if (frame instanceof GoAwayFrame goAway) {
			this.stats.goAwayReceived(Http2ErrorCodes.name(goAway.getError()));
			this.goingAway = true;
			this.goAwayRemovals.goAwayReceived();
		}
	}

	/**
	 * Note that the server closed the connection: it takes no new request.
	 */
	void serverClosed() {
		this.goingAway = true;
	}

	/**
	 * Whether the server sent a GOAWAY or closed the connection.
	 * @return whether the server is going away
	 */
	boolean isGoingAway() {
		return this.goingAway;
	}

	/**
	 * Count a request sent on this connection.
	 * @return the requests sent on it so far
	 */
	int requestSent() {
		return this.requestsSent.incrementAndGet();
	}

	/**
	 * Note that the connection carried the most requests a connection may.
	 */
	void usedUp() {
		this.usedUp = true;
	}

	boolean isUsedUp() {
		return this.usedUp;
	}

	/**
	 * For HTTP/1.1: note whether a request sent on the connection is in flight.
	 * @param carrying {@code true} once a request is sent, {@code false} once the
	 * connection is given back
	 */
	void carryingRequest(boolean carrying) {
		this.carryingRequest = carrying;
	}

	boolean isCarryingRequest() {
		return this.carryingRequest;
	}

}
