package io.github.internalhttp.client.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

import io.github.internalhttp.client.Http2Settings;
import io.github.internalhttp.client.PoolSettings;
import org.eclipse.jetty.client.HttpClient;
import org.jspecify.annotations.Nullable;

/**
 * When the pooled connections of a client retire: at a maximum age less a random jitter,
 * after a number of requests, or when an HTTP/2 peer stops answering PINGs.
 * <p>
 * Every {@link StreamAwareConnectionPool} is given it when created, and
 * {@link #install(HttpClient) installed} on the Jetty client it starts the
 * {@link Http2KeepAlive} with the client when PINGs are on. Time and randomness are
 * injected so that the retirement decision can be tested without waiting.
 */
public final class ConnectionLifecycle {

	/** Connections live until they fail or idle out; no PING. */
	public static final ConnectionLifecycle NONE = new ConnectionLifecycle(PoolSettings.defaults(),
			Http2Settings.defaults());

	private static final long NEVER = Long.MAX_VALUE;

	private final long maxAgeNanos;

	private final long maxAgeJitterNanos;

	private final int maxRequestsPerConnection;

	private final long pingIntervalNanos;

	private final long pingTimeoutNanos;

	private final LongSupplier nanoTime;

	private final LongUnaryOperator randomBelow;

	/**
	 * Create the lifecycle the settings describe.
	 * @param pool the pool settings: maximum age, jitter and requests per connection
	 * @param http2 the HTTP/2 settings: PING interval and timeout
	 */
	public ConnectionLifecycle(PoolSettings pool, Http2Settings http2) {
		this(pool.maxConnectionAge(), pool.maxConnectionAgeJitter(), pool.maxRequestsPerConnection(),
				http2.pingInterval(), http2.pingTimeout(), System::nanoTime,
				(bound) -> ThreadLocalRandom.current().nextLong(bound));
	}

	/**
	 * Create a lifecycle with its own time and randomness, for tests.
	 * @param nanoTime the monotonic time in nanoseconds
	 * @param randomBelow given a bound, a value from 0 inclusive to the bound exclusive
	 */
	ConnectionLifecycle(@Nullable Duration maxAge, Duration maxAgeJitter, int maxRequestsPerConnection,
			@Nullable Duration pingInterval, Duration pingTimeout, LongSupplier nanoTime,
			LongUnaryOperator randomBelow) {
		// The values were checked by the settings records.
		this.maxAgeNanos = (maxAge != null) ? maxAge.toNanos() : 0;
		this.maxAgeJitterNanos = (maxAge != null) ? maxAgeJitter.toNanos() : 0;
		this.maxRequestsPerConnection = maxRequestsPerConnection;
		this.pingIntervalNanos = (pingInterval != null) ? pingInterval.toNanos() : 0;
		this.pingTimeoutNanos = pingTimeout.toNanos();
		this.nanoTime = nanoTime;
		this.randomBelow = randomBelow;
	}

	/**
	 * Have the PING keep-alive, when on, start and stop with a client not yet started.
	 * @param client the client
	 */
	public void install(HttpClient client) {
		if (isPingEnabled()) {
			client.addBean(new Http2KeepAlive(client, this));
		}
	}

	/**
	 * When a connection opened now retires: its maximum age less a random jitter from 0
	 * to the configured jitter, both inclusive.
	 * @return the retirement time on the {@link #nanoTime()} scale, or
	 * {@link Long#MAX_VALUE} for never
	 */
	long retireAt() {
		if (this.maxAgeNanos == 0) {
			return NEVER;
		}
		long jitter = (this.maxAgeJitterNanos > 0) ? this.randomBelow.applyAsLong(this.maxAgeJitterNanos + 1) : 0;
		return this.nanoTime.getAsLong() + this.maxAgeNanos - jitter;
	}

	/**
	 * Whether a connection that retires at the given time has retired.
	 * @param retireAt a value returned by {@link #retireAt()}
	 * @return whether its time has come
	 */
	boolean isRetired(long retireAt) {
		// Compared by difference: nanoTime may wrap.
		return retireAt != NEVER && this.nanoTime.getAsLong() - retireAt >= 0;
	}

	long nanoTime() {
		return this.nanoTime.getAsLong();
	}

	int maxRequestsPerConnection() {
		return this.maxRequestsPerConnection;
	}

	boolean isPingEnabled() {
		return this.pingIntervalNanos > 0;
	}

	long pingIntervalNanos() {
		return this.pingIntervalNanos;
	}

	long pingTimeoutNanos() {
		return this.pingTimeoutNanos;
	}

}
