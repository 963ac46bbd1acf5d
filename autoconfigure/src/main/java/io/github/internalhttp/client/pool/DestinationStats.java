package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Counters of one destination's connection lifecycle. Failures keep their time so that a
 * health check can tell a recent failure from an old one.
 */
public final class DestinationStats {

	private final Clock clock;

	private final LongAdder opened = new LongAdder();

	private final LongAdder closed = new LongAdder();

	private final LongAdder connectFailures = new LongAdder();

	private final LongAdder goAways = new LongAdder();

	private final LongAdder protocolFallbacks = new LongAdder();

	private final ConcurrentMap<String, LongAdder> retries = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, LongAdder> streamResets = new ConcurrentHashMap<>();

	private final AtomicReference<@Nullable Failure> lastFailure = new AtomicReference<>();

	/**
	 * Create the counters of a destination.
	 * @param clock the clock failures are timed with
	 */
	public DestinationStats(Clock clock) {
		this.clock = clock;
	}

	void connectionOpened() {
		this.opened.increment();
	}

	void connectionClosed() {
		this.closed.increment();
	}

	void connectFailed(Throwable failure) {
		this.connectFailures.increment();
		this.lastFailure.set(new Failure(describe(failure), this.clock.instant()));
	}

	void goAwayReceived() {
		this.goAways.increment();
	}

	void protocolFellBack() {
		this.protocolFallbacks.increment();
	}

	void streamResetReceived(String code) {
		this.streamResets.computeIfAbsent(code, (key) -> new LongAdder()).increment();
	}

	void requestRetried(String reason) {
		this.retries.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	public long connectionsOpened() {
		return this.opened.sum();
	}

	public long connectionsClosed() {
		return this.closed.sum();
	}

	public long connectFailures() {
		return this.connectFailures.sum();
	}

	public long goAways() {
		return this.goAways.sum();
	}

	public long protocolFallbacks() {
		return this.protocolFallbacks.sum();
	}

	/**
	 * Requests sent again, by reason.
	 * @return retry counts keyed by reason, in reason order
	 */
	public Map<String, Long> retries() {
		return sums(this.retries);
	}

	/**
	 * RST_STREAM frames received, by HTTP/2 error code.
	 * @return reset counts keyed by error code name, in name order
	 */
	public Map<String, Long> streamResets() {
		return sums(this.streamResets);
	}

	public @Nullable Failure lastFailure() {
		return this.lastFailure.get();
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return (message != null) ? failure.getClass().getSimpleName() + ": " + message
				: failure.getClass().getSimpleName();
	}

	/**
	 * The most recent failure to open a connection.
	 *
	 * @param message exception type and message, never request data
	 * @param time when it happened
	 */
	public record Failure(String message, Instant time) {

	}

	private static Map<String, Long> sums(Map<String, LongAdder> counters) {
		Map<String, Long> counts = new TreeMap<>();
		counters.forEach((name, count) -> counts.put(name, count.sum()));
		return counts;
	}

}
