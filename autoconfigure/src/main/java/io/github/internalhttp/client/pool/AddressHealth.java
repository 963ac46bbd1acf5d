package io.github.internalhttp.client.pool;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * What the client knows of one socket address (IP and port) across its destinations:
 * the dials under way to it, and whether its last dials failed. An address whose dials
 * fail is backed off: it is tried last, and gets no connection of its own, until its
 * backoff ends; the backoff doubles with each failure in a row, from
 * {@link #FIRST_BACKOFF_MILLIS} up to {@link #MAX_BACKOFF_MILLIS}.
 */
final class AddressHealth {

	/** The backoff after a first failure. */
	static final long FIRST_BACKOFF_MILLIS = 1_000;

	/** The longest backoff. */
	static final long MAX_BACKOFF_MILLIS = 30_000;

	/** Dials begun and not yet ended. */
	private final AtomicInteger dialsUnderWay = new AtomicInteger();

	/** Dials that failed in a row, reset by a dial that succeeds. */
	private final AtomicInteger failuresInARow = new AtomicInteger();

	/** Every dial that failed. */
	private final LongAdder failures = new LongAdder();

	/** Until when, in epoch milliseconds, the address is backed off. */
	private volatile long backedOffUntil = Long.MIN_VALUE;

	/** The most recent failure. */
	private final AtomicReference<@Nullable Failure> lastFailure = new AtomicReference<>();

	void dialBegun() {
		this.dialsUnderWay.incrementAndGet();
	}

	/**
	 * Note a TCP connection established: the address is up. The dial stays under way
	 * until the pool has the connection ({@link #connectionReady()}), so that a dial
	 * chosen meanwhile counts it.
	 */
	void connected() {
		this.failuresInARow.set(0);
		this.backedOffUntil = Long.MIN_VALUE;
	}

	/**
	 * Note a connection to the address that a pool now holds: its dial is over.
	 */
	void connectionReady() {
		this.dialsUnderWay.updateAndGet((count) -> Math.max(0, count - 1));
	}

	void dialFailed(Throwable failure, long nowMillis) {
		this.dialsUnderWay.updateAndGet((count) -> Math.max(0, count - 1));
		this.failures.increment();
		int inARow = this.failuresInARow.incrementAndGet();
		long backoff = FIRST_BACKOFF_MILLIS << Math.min(inARow - 1, 5);
		this.backedOffUntil = nowMillis + Math.min(backoff, MAX_BACKOFF_MILLIS);
		String message = failure.getMessage();
		this.lastFailure.set(new Failure((message != null) ? failure.getClass().getSimpleName() + ": " + message
				: failure.getClass().getSimpleName(), Instant.ofEpochMilli(nowMillis)));
	}

	int dialsUnderWay() {
		return this.dialsUnderWay.get();
	}

	/**
	 * Whether the address is backed off now: its last dial failed and its backoff has
	 * not ended.
	 * @param nowMillis the time, in epoch milliseconds
	 * @return whether it is backed off
	 */
	boolean isBackedOff(long nowMillis) {
		return nowMillis < this.backedOffUntil;
	}

	/**
	 * Whether the last dial to the address failed.
	 * @return whether it is down
	 */
	boolean isDown() {
		return this.failuresInARow.get() > 0;
	}

	long failures() {
		return this.failures.sum();
	}

	@Nullable Failure lastFailure() {
		return this.lastFailure.get();
	}

	/**
	 * A failure to dial the address.
	 *
	 * @param message the exception's type and message
	 * @param time when it happened
	 */
	record Failure(String message, Instant time) {

	}

}
