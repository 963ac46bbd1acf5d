package io.github.internalhttp.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.InternalHttpClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Opens the configured {@code internal.http.client.prewarm} connections once every
 * singleton exists, before the application takes traffic, then sends each destination's
 * warm-up requests, if it has any, over them. Startup does not wait unless
 * {@code prewarm.wait} is set, and then no longer than that. A destination that cannot be
 * reached is logged at WARN and shows in the client's destination snapshots; it never
 * fails startup, since the service may well be able to reach it later.
 */
final class PrewarmOnStartup implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(PrewarmOnStartup.class);

	private final InternalHttpClient client;

	private final InternalHttpClientProperties.Prewarm prewarm;

	private final WarmupRequests warmup;

	PrewarmOnStartup(InternalHttpClient client, InternalHttpClientProperties.Prewarm prewarm,
			WarmupRequests warmup) {
		this.client = client;
		this.prewarm = prewarm;
		this.warmup = warmup;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<CompletableFuture<?>> prewarming = new ArrayList<>();
		for (InternalHttpClientProperties.PrewarmDestination destination : this.prewarm.getDestinations()) {
			URI url = destination.getUrl();
			if (url != null) {
				int requests = destination.getWarmupRequests();
				prewarming.add(prewarm(url, destination.getConnections())
					.thenCompose((connected) -> (connected && requests > 0) ? warmUp(url, requests)
							: CompletableFuture.completedFuture(null)));
			}
		}
		Duration wait = this.prewarm.getWait();
		if (wait != null && !prewarming.isEmpty()) {
			await(CompletableFuture.allOf(prewarming.toArray(CompletableFuture[]::new)), wait);
		}
	}

	/**
	 * @return completes with whether the connections opened
	 */
	private CompletableFuture<Boolean> prewarm(URI url, int connections) {
		String destination = destination(url);
		CompletableFuture<Void> connecting;
		try {
			connecting = this.client.prewarm(url, connections);
		}
		catch (RuntimeException ex) {
			warn(destination, connections, ex);
			return CompletableFuture.completedFuture(false);
		}
		// Logged before the returned future completes, so a waiting startup sees it.
		return connecting.handle((ignored, failure) -> {
			if (failure != null) {
				warn(destination, connections, failure);
				return false;
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Prewarmed " + connections + " connection(s) to " + destination);
			}
			return true;
		});
	}

	private CompletableFuture<?> warmUp(URI url, int requests) {
		String destination = destination(url);
		return this.warmup.send(url, requests).thenAccept((outcome) -> {
			long millis = TimeUnit.NANOSECONDS.toMillis(outcome.elapsedNanos());
			Throwable failure = outcome.failure();
			if (failure != null) {
				// The failure's type only: its message may carry the URL's path or query.
				logger.warn("Warm-up to " + destination + " stopped after " + outcome.answered() + " of " + requests
						+ " requests in " + millis + " ms: " + failure.getClass().getName());
			}
			else {
				logger.info("Warmed up the request path with " + outcome.answered() + " requests to " + destination
						+ " in " + millis + " ms" + ((outcome.notSuccessful() > 0)
								? " (" + outcome.notSuccessful() + " answered with a status other than 2xx)" : ""));
			}
		});
	}

	@Override
	public void destroy() {
		this.warmup.close();
	}

	private static void warn(String destination, int connections, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
				? failure.getCause() : failure;
		logger.warn("Could not prewarm " + connections + " connection(s) to " + destination + ": " + cause);
	}

	private static void await(CompletableFuture<?> prewarming, Duration wait) {
		try {
			prewarming.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.info("Prewarmed connections not all open within " + wait + "; startup goes on without them");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			// Each failure was logged with its destination.
		}
	}

	/**
	 * The destination of a URL as the client names it: {@code scheme://host:port}.
	 */
	static String destination(URI url) {
		return DestinationId.of(url).toString();
	}

}
