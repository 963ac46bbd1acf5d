package io.github.internalhttp.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sustained load: a number of threads each send calls one after the other, until a
 * duration has passed or a total number of calls was made, whichever comes first. Bounded
 * in both, and it gives up waiting 30 seconds after the duration.
 */
public final class Load {

	private Load() {
	}

	/**
	 * Run the load.
	 * @param concurrency how many calls are in flight at once
	 * @param duration how long to go on
	 * @param maxCalls the most calls in total
	 * @param call the call
	 * @return what happened
	 */
	public static Result run(int concurrency, Duration duration, int maxCalls, Callable<?> call) {
		ExecutorService threads = Executors.newFixedThreadPool(concurrency);
		AtomicInteger started = new AtomicInteger();
		AtomicInteger succeeded = new AtomicInteger();
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		long end = System.nanoTime() + duration.toNanos();
		try {
			for (int i = 0; i < concurrency; i++) {
				threads.execute(() -> {
					while (System.nanoTime() - end < 0 && started.incrementAndGet() <= maxCalls) {
						try {
							call.call();
							succeeded.incrementAndGet();
						}
						catch (Throwable ex) {
							failures.add(ex);
						}
					}
				});
			}
			threads.shutdown();
			threads.awaitTermination(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			threads.shutdownNow();
		}
		return new Result(succeeded.get(), List.copyOf(failures));
	}

	/**
	 * The outcome of a load run.
	 *
	 * @param succeeded how many calls succeeded
	 * @param failures the failures of the others
	 */
	public record Result(int succeeded, List<Throwable> failures) {

	}

}
