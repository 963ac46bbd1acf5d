package io.github.internalhttp.client.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

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
	public static final ConnectionLifecycle NONE = new ConnectionLifecycle(null, Duration.ZERO, 0, null,
			Duration.ofSeconds(10));

	private static final long NEVER = Long.MAX_VALUE;

	private final long maxAgeNanos;

	private final long maxAgeJitterNanos;

	private final int maxRequestsPerConnection;

	private final long pingIntervalNanos;

	private final long pingTimeoutNanos;

	private final LongSupplier nanoTime;

	private final LongUnaryOperator randomBelow;

	/**
	 * Create a lifecycle.
	 * @param maxAge age after which a connection takes no new request, {@code null} for
	 * no limit
	 * @param maxAgeJitter up to how much earlier than {@code maxAge} a connection
	 * retires, drawn at random per connection
	 * @param maxRequestsPerConnection requests after which a connection retires, 0 for
	 * no limit
	 * @param pingInterval how often a quiet HTTP/2 connection is sent a PING,
	 * {@code null} for never
	 * @param pingTimeout how long a PING may go unanswered before its connection is
	 * evicted
	 */
	public ConnectionLifecycle(@Nullable Duration maxAge, Duration maxAgeJitter, int maxRequestsPerConnection,
			@Nullable Duration pingInterval, Duration pingTimeout) {
		this(maxAge, maxAgeJitter, maxRequestsPerConnection, pingInterval, pingTimeout, System::nanoTime,
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
		Objects.requireNonNull(maxAgeJitter, "maxAgeJitter must not be null");
		Objects.requireNonNull(pingTimeout, "pingTimeout must not be null");
		if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
			throw new IllegalArgumentException("maxAge must be positive but was " + maxAge);
		}
		if (maxAgeJitter.isNegative() || (maxAge != null && maxAgeJitter.compareTo(maxAge) >= 0)) {
			throw new IllegalArgumentException(
					"maxAgeJitter must be zero or positive and less than maxAge but was " + maxAgeJitter);
		}
		if (maxRequestsPerConnection < 0) {
			throw new IllegalArgumentException(
					"maxRequestsPerConnection must not be negative but was " + maxRequestsPerConnection);
		}
		if (pingInterval != null && (pingInterval.isNegative() || pingInterval.isZero())) {
			throw new IllegalArgumentException("pingInterval must be positive but was " + pingInterval);
		}
		if (pingTimeout.isNegative() || pingTimeout.isZero()) {
			throw new IllegalArgumentException("pingTimeout must be positive but was " + pingTimeout);
		}
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
