package io.github.internalhttp.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a number of calls at once, each on its own thread released by one gate, so that
 * they reach the client together as a cold burst would. Bounded: it gives up after 30
 * seconds.
 */
public final class Burst {

	private Burst() {
	}

	/**
	 * Run the call {@code count} times concurrently.
	 * @param count how many calls
	 * @param call the call
	 * @param <T> the result type
	 * @return the outcomes, in submission order
	 */
	public static <T> List<Outcome<T>> run(int count, Callable<T> call) {
		ExecutorService threads = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch gate = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(threads.submit(() -> {
					gate.await();
					return call.call();
				}));
			}
			gate.countDown();
			List<Outcome<T>> outcomes = new ArrayList<>();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			for (Future<T> future : futures) {
				try {
					outcomes.add(new Outcome<>(future.get(Math.max(0, deadline - System.nanoTime()),
							TimeUnit.NANOSECONDS), null));
				}
				catch (java.util.concurrent.ExecutionException ex) {
					outcomes.add(new Outcome<>(null, ex.getCause()));
				}
				catch (Exception ex) {
					outcomes.add(new Outcome<>(null, ex));
				}
			}
			return outcomes;
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * The result or failure of one call.
	 *
	 * @param value the result, if the call succeeded
	 * @param failure the failure, if it did not
	 * @param <T> the result type
	 */
	public record Outcome<T>(T value, Throwable failure) {

		public boolean succeeded() {
			return this.failure == null;
		}

		@Override
		public String toString() {
			if (this.failure == null) {
				return "Outcome[" + this.value + "]";
			}
			StringBuilder causes = new StringBuilder("Outcome[failure=" + this.failure);
			for (Throwable cause = this.failure.getCause(); cause != null; cause = cause.getCause()) {
				causes.append(" <- ").append(cause);
				StackTraceElement[] frames = cause.getStackTrace();
				if (frames.length > 0) {
					causes.append(" at ").append(frames[0]);
				}
			}
			return causes.append(']').toString();
		}

	}

}
