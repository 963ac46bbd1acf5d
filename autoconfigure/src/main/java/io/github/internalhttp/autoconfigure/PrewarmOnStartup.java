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

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Opens the configured {@code internal.http.client.prewarm} connections once every
 * singleton exists, before the application takes traffic. Startup does not wait unless
 * {@code prewarm.wait} is set, and then no longer than that. A destination that cannot be
 * reached is logged at WARN and shows in the client's destination snapshots; it never
 * fails startup, since the service may well be able to reach it later.
 */
final class PrewarmOnStartup implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(PrewarmOnStartup.class);

	private final InternalHttpClient client;

	private final InternalHttpClientProperties.Prewarm prewarm;

	PrewarmOnStartup(InternalHttpClient client, InternalHttpClientProperties.Prewarm prewarm) {
		this.client = client;
		this.prewarm = prewarm;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<CompletableFuture<?>> prewarming = new ArrayList<>();
		for (InternalHttpClientProperties.PrewarmDestination destination : this.prewarm.getDestinations()) {
			URI url = destination.getUrl();
			if (url != null) {
				prewarming.add(prewarm(url, destination.getConnections()));
			}
		}
		Duration wait = this.prewarm.getWait();
		if (wait != null && !prewarming.isEmpty()) {
			await(CompletableFuture.allOf(prewarming.toArray(CompletableFuture[]::new)), wait);
		}
	}

	private CompletableFuture<?> prewarm(URI url, int connections) {
		String destination = destination(url);
		CompletableFuture<Void> connecting;
		try {
			connecting = this.client.prewarm(url, connections);
		}
		catch (RuntimeException ex) {
			warn(destination, connections, ex);
			return CompletableFuture.completedFuture(null);
		}
		// Logged before the returned future completes, so a waiting startup sees it.
		return connecting.handle((ignored, failure) -> {
			if (failure != null) {
				warn(destination, connections, failure);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Prewarmed " + connections + " connection(s) to " + destination);
			}
			return null;
		});
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
