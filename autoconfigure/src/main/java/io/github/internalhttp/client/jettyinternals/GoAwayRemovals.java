package io.github.internalhttp.client.jettyinternals;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The removals from its pool that Jetty makes of one HTTP/2 connection on the GOAWAYs it
 * receives, which the pool must not count as the end of a request.
 * <p>
 * Jetty's HTTP/2 session listener removes a connection from its pool once per GOAWAY
 * frame it receives, after the session's frame listeners have seen the frame. For an
 * entry in use, Jetty's pool counts a removal as the end of one of its requests: on a
 * GOAWAY with two streams in flight, the completion of the first then closes the
 * connection under the second, whose response is lost although the server processes it.
 * Each GOAWAY seen adds one removal that the pool skips; which removal is skipped does
 * not matter, since each GOAWAY adds exactly one that is not a request's.
 */
public final class GoAwayRemovals {

	private final AtomicInteger unclaimed = new AtomicInteger();

	/**
	 * Note a GOAWAY frame received, which Jetty follows with one removal.
	 */
	public void goAwayReceived() {
		this.unclaimed.incrementAndGet();
	}

	/**
	 * Take one of the removals Jetty makes on a GOAWAY, if one is due.
	 * @return whether a removal was taken, and the caller should skip it
	 */
	public boolean takeRemoval() {
		while (true) {
			int unclaimed = this.unclaimed.get();
			if (unclaimed == 0) {
				return false;
			}
			if (this.unclaimed.compareAndSet(unclaimed, unclaimed - 1)) {
				return true;
			}
		}
	}

}
