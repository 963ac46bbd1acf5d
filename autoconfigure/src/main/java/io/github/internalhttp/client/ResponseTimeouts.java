package io.github.internalhttp.client;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.io.CyclicTimeouts;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The response timeouts of every request of a client, kept by one timer: it wakes at the
 * earliest deadline, expires what is due and sleeps until the next, as Jetty keeps its
 * own request timeouts ({@link CyclicTimeouts}).
 * <p>
 * Callers then wait for their response without a timeout of their own. A timed wait
 * costs little on a platform thread, but on a virtual thread each one schedules and
 * cancels a task in the JDK's timer of virtual threads, whose lock and wake-ups cost
 * about one context switch and one and a half futex calls per request, a third of the
 * client's CPU per request at 0 ms (measured with the benchmarks' {@code --callers
 * virtual}). Registering here costs an insertion in and a removal from a concurrent set.
 */
final class ResponseTimeouts extends CyclicTimeouts<ResponseTimeouts.Waiting> {

	private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();

	ResponseTimeouts(Scheduler scheduler) {
		super(scheduler);
	}

	/**
	 * Expire a response at a deadline unless it is handed over first.
	 * @param handoff the response's hand-off
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} terms
	 * @return the registration, to {@link Waiting#done() end} once the response is in
	 */
	Waiting expireAt(ResponseHandoff handoff, long deadlineNanos) {
		Waiting waiting = new Waiting(handoff, deadlineNanos);
		this.waiting.add(waiting);
		schedule(waiting);
		return waiting;
	}

	/** How many responses are waited for: for tests. */
	int size() {
		return this.waiting.size();
	}

	@Override
	protected Iterator<Waiting> iterator() {
		return this.waiting.iterator();
	}

	@Override
	protected boolean onExpired(Waiting waiting) {
		waiting.handoff.expire();
		return true;
	}

	/**
	 * A response waited for until a deadline.
	 */
	final class Waiting implements CyclicTimeouts.Expirable {

		private final ResponseHandoff handoff;

		private final long deadlineNanos;

		private Waiting(ResponseHandoff handoff, long deadlineNanos) {
			this.handoff = handoff;
			this.deadlineNanos = deadlineNanos;
		}

		@Override
		public long getExpireNanoTime() {
			return this.deadlineNanos;
		}

		/** The response is in, or the wait is over: no timeout any more. */
		void done() {
			ResponseTimeouts.this.waiting.remove(this);
		}

	}

}
