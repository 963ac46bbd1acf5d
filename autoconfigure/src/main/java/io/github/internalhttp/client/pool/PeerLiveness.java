package io.github.internalhttp.client.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the HTTP/2 peer of one connection still speaks, told by the frames received
 * rather than by timestamps: a connection that received nothing for a whole keep-alive
 * round needs a PING, and one that received nothing since its PING is dead.
 */
final class PeerLiveness {

	/** Frames received on the connection so far. */
	private final AtomicLong framesReceived = new AtomicLong();

	/** Whether a PING was sent and its timeout has not been checked yet. */
	private final AtomicBoolean pingOutstanding = new AtomicBoolean();

	/** Frames received at the previous keep-alive round, -1 before the first. */
	private volatile long framesAtLastCheck = -1;

	void frameReceived() {
		this.framesReceived.incrementAndGet();
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
