package io.github.internalhttp.sample.fanout;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.sample.backend.BackendServer;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * Fans requests out to the backend through one of the {@link FanoutClient clients} and
 * reports what it cost, one run at a time.
 */
@Service
public class FanoutService {

	static final Duration TIME_LIMIT = Duration.ofSeconds(60);

	private final InternalHttpClient sharedClient;

	private final RestClient sharedRestClient;

	private final Http1ComparisonClient http1Client;

	private final BackendServer backend;

	private final LoadLoop loadLoop = new LoadLoop(TIME_LIMIT);

	private final ReentrantLock running = new ReentrantLock();

	FanoutService(InternalHttpClient sharedClient, RestClient sharedRestClient, Http1ComparisonClient http1Client,
			BackendServer backend) {
		this.sharedClient = sharedClient;
		this.sharedRestClient = sharedRestClient;
		this.http1Client = http1Client;
		this.backend = backend;
	}

	/**
	 * Make {@code requests} calls to the backend, {@code concurrency} at a time.
	 * @param which the client to call through
	 * @param requests how many calls
	 * @param concurrency how many calls in flight at once
	 * @param delay the backend's delay before each answer, or {@code null} for the
	 * backend's default
	 * @return the report of the run
	 * @throws FanoutInProgressException if another run is in progress
	 */
	FanoutReport run(FanoutClient which, int requests, int concurrency, @Nullable Duration delay) {
		if (!this.running.tryLock()) {
			throw new FanoutInProgressException();
		}
		try {
			InternalHttpClient client = (which == FanoutClient.SHARED) ? this.sharedClient : this.http1Client.client();
			RestClient restClient = (which == FanoutClient.SHARED) ? this.sharedRestClient
					: this.http1Client.restClient();
			Duration backendDelay = (delay != null) ? delay : this.backend.getDefaultDelay();
			// A URI template, so that the http.client.requests metric is tagged with it.
			String uriTemplate = this.backend.getUri() + "/work?delayMs={delayMs}";
			long delayMillis = backendDelay.toMillis();
			long acceptedBefore = this.backend.getConnectionsAccepted();
			// The body is read, as a real caller would: a response closed with unread bytes
			// (toBodilessEntity() does that) aborts its exchange, which closes an HTTP/1.1
			// connection and resets an h2c stream.
			LoadLoop.Result result = this.loadLoop.run(requests, concurrency,
					() -> restClient.get().uri(uriTemplate, delayMillis).retrieve().body(String.class));
			long accepted = this.backend.getConnectionsAccepted() - acceptedBefore;
			DestinationSnapshot pool = backendPool(client);
			String protocol = (pool != null) ? pool.protocol().tag()
					: client.getSettings().protocol().name().toLowerCase(Locale.ROOT);
			double seconds = result.elapsedNanos() / 1e9;
			return new FanoutReport(which.id(), protocol, result.calls(), concurrency,
					delayMillis, result.errors(), result.timedOut(), round(seconds, 3),
					round(result.calls() / seconds, 1), millis(result.p50Nanos()), millis(result.p99Nanos()), accepted,
					result.firstError(), (pool != null) ? PoolReport.of(pool) : null);
		}
		finally {
			this.running.unlock();
		}
	}

	private @Nullable DestinationSnapshot backendPool(InternalHttpClient client) {
		String destination = this.backend.getUri().toString();
		return client.destinations()
			.stream()
			.filter((snapshot) -> snapshot.destination().toString().equals(destination))
			.findFirst()
			.orElse(null);
	}

	private static double millis(long nanos) {
		return round(nanos / (double) TimeUnit.MILLISECONDS.toNanos(1), 2);
	}

	private static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Math.round(value * scale) / scale;
	}

}
