package io.github.internalhttp.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.github.internalhttp.benchmarks.clients.BenchClient;

/**
 * Drives a client with a fixed number of requests in flight, closed loop: a blocking
 * client from as many caller threads, an asynchronous one through a semaphore. Every
 * phase is bounded by a request count and a deadline; requests not started by the
 * deadline are not sent.
 */
final class LoadGenerator implements AutoCloseable {

	private final BenchClient client;

	private volatile URI uri;

	private final int concurrency;

	private final List<Thread> callers = new ArrayList<>();

	private final AtomicReference<Runnable> work = new AtomicReference<>();

	private final Semaphore start = new Semaphore(0);

	private volatile CountDownLatch done;

	private volatile boolean closed;

	private final AtomicReference<String> firstError = new AtomicReference<>();

	LoadGenerator(BenchClient client, URI uri, int concurrency) {
		this(client, uri, concurrency, false);
	}

	/**
	 * A generator whose blocking callers are platform threads or, on Java 21 and later,
	 * virtual threads, as an application serving requests on virtual threads
	 * ({@code spring.threads.virtual.enabled}) calls its clients.
	 */
	LoadGenerator(BenchClient client, URI uri, int concurrency, boolean virtualCallers) {
		this.client = client;
		this.uri = uri;
		this.concurrency = concurrency;
		if (!client.async()) {
			for (int i = 0; i < concurrency; i++) {
				Thread thread = virtualCallers ? newVirtualThread(this::callerLoop, "bench-caller-" + i)
						: new Thread(this::callerLoop, "bench-caller-" + i);
				thread.setDaemon(true);
				thread.start();
				this.callers.add(thread);
			}
		}
	}

	/** Through reflection: the module is compiled for Java 17, which has none. */
	private static Thread newVirtualThread(Runnable task, String name) {
		try {
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			builder = builderType.getMethod("name", String.class).invoke(builder, name);
			return (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder, task);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Virtual threads need Java 21 or later; this is Java "
					+ Runtime.version().feature(), ex);
		}
	}

	/**
	 * Run {@code requests} requests, or fewer if the deadline comes first.
	 * @param requests how many requests at most
	 * @param maxMillis the deadline, from now
	 * @return the outcome, latencies in nanoseconds
	 */
	Phase run(int requests, long maxMillis) throws InterruptedException {
		long[] latencies = new long[requests];
		long started = System.nanoTime();
		long deadline = started + TimeUnit.MILLISECONDS.toNanos(maxMillis);
		LongAdder errors = new LongAdder();
		AtomicInteger issued = new AtomicInteger();
		if (this.client.async()) {
			runAsync(latencies, deadline, errors, issued);
		}
		else {
			runBlocking(latencies, deadline, errors, issued);
		}
		long elapsed = System.nanoTime() - started;
		return new Phase(latencies, Math.min(issued.get(), requests), errors.intValue(), elapsed);
	}

	/**
	 * Send the next phases' requests to another URI.
	 * @param uri the URI
	 */
	void target(URI uri) {
		this.uri = uri;
	}

	String firstError() {
		return this.firstError.get();
	}

	private void runBlocking(long[] latencies, long deadline, LongAdder errors, AtomicInteger issued)
			throws InterruptedException {
		CountDownLatch finished = new CountDownLatch(this.concurrency);
		this.done = finished;
		this.work.set(() -> {
			int i;
			while ((i = issued.getAndIncrement()) < latencies.length && System.nanoTime() < deadline) {
				long t0 = System.nanoTime();
				try {
					this.client.call(this.uri);
					latencies[i] = System.nanoTime() - t0;
				}
				catch (Throwable ex) {
					latencies[i] = -1;
					errors.increment();
					this.firstError.compareAndSet(null, ex.toString());
				}
			}
		});
		this.start.release(this.concurrency);
		// A caller stuck beyond the deadline is bounded by the client's own response timeout.
		if (!finished.await(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 30_000,
				TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Callers did not finish within 30s after the deadline");
		}
		// issued overshoots by one per caller (the tickets that found the phase over) and
		// by every ticket taken after the deadline: count the requests really sent.
		int started = 0;
		for (long latency : latencies) {
			if (latency != 0) {
				started++;
			}
		}
		issued.set(started);
	}

	private void callerLoop() {
		while (!this.closed) {
			try {
				this.start.acquire();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (this.closed) {
				return;
			}
			try {
				this.work.get().run();
			}
			finally {
				this.done.countDown();
			}
		}
	}

	private void runAsync(long[] latencies, long deadline, LongAdder errors, AtomicInteger issued)
			throws InterruptedException {
		Semaphore inFlight = new Semaphore(this.concurrency);
		for (int i = 0; i < latencies.length; i++) {
			inFlight.acquire();
			if (System.nanoTime() >= deadline) {
				inFlight.release();
				break;
			}
			issued.incrementAndGet();
			int index = i;
			long t0 = System.nanoTime();
			try {
				this.client.callAsync(this.uri).whenComplete((body, ex) -> {
					if (ex == null) {
						latencies[index] = System.nanoTime() - t0;
					}
					else {
						latencies[index] = -1;
						errors.increment();
						this.firstError.compareAndSet(null, ex.toString());
					}
					inFlight.release();
				});
			}
			catch (RuntimeException ex) {
				latencies[index] = -1;
				errors.increment();
				this.firstError.compareAndSet(null, ex.toString());
				inFlight.release();
			}
		}
		if (!inFlight.tryAcquire(this.concurrency,
				TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime())) + 30_000,
				TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Requests did not finish within 30s after the deadline");
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.start.release(this.callers.size());
	}

	/**
	 * The outcome of a phase.
	 *
	 * @param latencies per request: nanoseconds, -1 for an error, 0 for not sent
	 * @param requests requests sent
	 * @param errors requests failed
	 * @param elapsedNanos wall time of the phase
	 */
	record Phase(long[] latencies, int requests, int errors, long elapsedNanos) {

		long[] sortedSuccesses() {
			long[] ok = new long[this.requests - this.errors];
			int n = 0;
			for (long latency : this.latencies) {
				if (latency > 0 && n < ok.length) {
					ok[n++] = latency;
				}
			}
			long[] result = (n == ok.length) ? ok : java.util.Arrays.copyOf(ok, n);
			java.util.Arrays.sort(result);
			return result;
		}

	}

}
