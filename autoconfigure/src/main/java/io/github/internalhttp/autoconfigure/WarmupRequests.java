package io.github.internalhttp.autoconfigure;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Sends GET requests through a {@link RestClient} at startup, from a few threads, so
 * that the JIT compiler has compiled the whole request path ({@code RestClient}, its
 * converters, the request factory, the pool and Jetty's HTTP/2 stack) before the
 * application takes traffic. Without it, a fresh JVM serves its first seconds at a
 * fraction of its steady rate.
 * <p>
 * Responses of any status count as sent: the path to warm up is the same. The first
 * request that fails (no connection, a timeout) stops the warm-up, so that an unreachable
 * destination costs one failure, not thousands.
 */
final class WarmupRequests implements AutoCloseable {

	/** Callers: enough for the pool's concurrent paths, few enough for a 2-core machine. */
	static final int CALLERS = 8;

	private final Supplier<RestClient> restClient;

	private final LongSupplier nanoTime;

	private volatile boolean closed;

	/** The callers of the warm-ups under way; each warm-up's threads end with it. */
	private final Set<ExecutorService> running = ConcurrentHashMap.newKeySet();

	/**
	 * @param restClient the client to send through, asked for once, on the first warm-up
	 * @param nanoTime the clock that times the warm-up
	 */
	WarmupRequests(Supplier<RestClient> restClient, LongSupplier nanoTime) {
		this.restClient = restClient;
		this.nanoTime = nanoTime;
	}

	/**
	 * Sends {@code requests} GET requests to {@code url}.
	 * @param url the URL to GET
	 * @param requests how many
	 * @return completes when all are answered, or at the first failure, with what was sent
	 */
	CompletableFuture<Outcome> send(URI url, int requests) {
		if (this.closed) {
			return CompletableFuture.completedFuture(new Outcome(0, 0, null, 0));
		}
		RestClient client = this.restClient.get();
		// Threads of this warm-up's own, which end with it; close() shuts down those still running.
		ExecutorService executor = callers();
		this.running.add(executor);
		long start = this.nanoTime.getAsLong();
		AtomicInteger remaining = new AtomicInteger(requests);
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger notSuccessful = new AtomicInteger();
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		int callers = Math.min(CALLERS, requests);
		CompletableFuture<?>[] callersDone = new CompletableFuture<?>[callers];
		for (int i = 0; i < callers; i++) {
			callersDone[i] = CompletableFuture.runAsync(() -> {
				// Bounded by the count; a failure or the context's close stops every caller.
				while (!this.closed && failure.get() == null && remaining.getAndDecrement() > 0) {
					try {
						ResponseEntity<String> response = client.get()
							.uri(url)
							.retrieve()
							.onStatus((status) -> true, (request, ignored) -> {
							})
							.toEntity(String.class);
						answered.incrementAndGet();
						if (!response.getStatusCode().is2xxSuccessful()) {
							notSuccessful.incrementAndGet();
						}
					}
					catch (RuntimeException ex) {
						failure.compareAndSet(null, ex);
					}
				}
			}, executor);
		}
		return CompletableFuture.allOf(callersDone).handle((ignored, rejected) -> {
			executor.shutdown();
			this.running.remove(executor);
			return new Outcome(answered.get(), notSuccessful.get(), (rejected != null) ? rejected : failure.get(),
					this.nanoTime.getAsLong() - start);
		});
	}

	private static ExecutorService callers() {
		AtomicInteger threads = new AtomicInteger();
		return Executors.newFixedThreadPool(CALLERS, (task) -> {
			Thread thread = new Thread(task, "internal-http-warmup-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Stops the callers once their current request ends.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.running.forEach(ExecutorService::shutdown);
	}

	/**
	 * What a warm-up did.
	 * @param answered requests that got a response
	 * @param notSuccessful those of them with a status other than 2xx
	 * @param failure the failure that stopped it, if one did
	 * @param elapsedNanos how long it took
	 */
	record Outcome(int answered, int notSuccessful, @Nullable Throwable failure, long elapsedNanos) {

	}

}
