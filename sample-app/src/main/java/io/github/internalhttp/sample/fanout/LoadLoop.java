package io.github.internalhttp.sample.fanout;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Runs a call a given number of times from a given number of threads, each thread
 * starting its next call as soon as its previous one ends, and stops starting calls
 * when a time limit is reached.
 */
final class LoadLoop {

	private static final int MAX_ERROR_LENGTH = 300;

	private static final AtomicInteger runs = new AtomicInteger();

	private final Duration timeLimit;

	LoadLoop(Duration timeLimit) {
		this.timeLimit = timeLimit;
	}

	/**
	 * Run the call {@code calls} times from {@code concurrency} threads.
	 * @param calls how many calls to make
	 * @param concurrency how many calls may be in flight at once
	 * @param call the call; it fails by throwing
	 * @return what happened
	 */
	Result run(int calls, int concurrency, Runnable call) {
		AtomicInteger next = new AtomicInteger();
		AtomicInteger successes = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		AtomicReference<@Nullable String> firstError = new AtomicReference<>();
		long[] successLatencies = new long[calls];
		long start = System.nanoTime();
		long deadline = start + this.timeLimit.toNanos();
		Runnable worker = () -> {
			while (System.nanoTime() - deadline < 0 && next.getAndIncrement() < calls) {
				long callStart = System.nanoTime();
				try {
					call.run();
					successLatencies[successes.getAndIncrement()] = System.nanoTime() - callStart;
				}
				catch (RuntimeException ex) {
					errors.incrementAndGet();
					firstError.compareAndSet(null, describe(ex));
				}
			}
		};
		int threads = Math.min(calls, concurrency);
		ExecutorService executor = Executors.newFixedThreadPool(threads, threadFactory());
		try {
			for (int i = 0; i < threads; i++) {
				executor.execute(worker);
			}
			executor.shutdown();
			// Calls in flight at the deadline end by their own response timeout.
			if (!executor.awaitTermination(this.timeLimit.toSeconds() + 30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Calls still running long after the time limit of " + this.timeLimit);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the calls to end", ex);
		}
		finally {
			executor.shutdownNow();
		}
		long elapsed = System.nanoTime() - start;
		long[] latencies = Arrays.copyOf(successLatencies, successes.get());
		Arrays.sort(latencies);
		int made = successes.get() + errors.get();
		return new Result(made, errors.get(), made < calls, elapsed, percentile(latencies, 0.50),
				percentile(latencies, 0.99), firstError.get());
	}

	/**
	 * The nearest-rank percentile of sorted values.
	 */
	static long percentile(long[] sorted, double fraction) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(fraction * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}

	private static String describe(RuntimeException ex) {
		String description = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		return (description.length() > MAX_ERROR_LENGTH) ? description.substring(0, MAX_ERROR_LENGTH) : description;
	}

	private static ThreadFactory threadFactory() {
		int run = runs.incrementAndGet();
		AtomicInteger threadNumber = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "fanout-" + run + "-" + threadNumber.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * What a run did.
	 *
	 * @param calls calls made, failed ones included
	 * @param errors calls that failed
	 * @param timedOut whether the time limit stopped the run before every call was made
	 * @param elapsedNanos duration of the run
	 * @param p50Nanos median latency of the successful calls, 0 if none succeeded
	 * @param p99Nanos 99th percentile latency of the successful calls, 0 if none
	 * succeeded
	 * @param firstError description of the first failure, if any
	 */
	record Result(int calls, int errors, boolean timedOut, long elapsedNanos, long p50Nanos, long p99Nanos,
			@Nullable String firstError) {

	}

}
