package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.github.internalhttp.client.DurationSummary;
import io.github.internalhttp.client.PoolTimer;
import io.github.internalhttp.client.WireProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Counters and timers of one destination's connection lifecycle. Failures keep their time
 * so that a health check can tell a recent failure from an old one. Each duration is
 * kept in a recent-window histogram of its own and handed to the
 * {@link PoolEventListener}, so that percentiles show with or without a metrics library.
 */
public final class DestinationStats {

	/** How long one window of the recent-duration histograms lasts. */
	public static final Duration DURATION_WINDOW = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(DestinationStats.class);

	private static final PoolTimer[] TIMERS = PoolTimer.values();

	private static final PoolEventListener NO_LISTENER = new PoolEventListener() {
	};

	private final String destination;

	private final Clock clock;

	private final PoolEventListener listener;

	private final DurationHistogram[] durations = new DurationHistogram[TIMERS.length];

	private final ConcurrentMap<String, LongAdder> goAwaysByCode = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, LongAdder> connectFailuresByCause = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, LongAdder> goAwaysSentByCode = new ConcurrentHashMap<>();

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
		this("unnamed", clock, NO_LISTENER);
	}

	/**
	 * Create the counters and timers of a destination.
	 * @param destination the destination's name, {@code scheme://host:port}
	 * @param clock the clock failures are timed and the duration windows turn by
	 * @param listener told of every duration recorded
	 */
	public DestinationStats(String destination, Clock clock, PoolEventListener listener) {
		this.destination = destination;
		this.clock = clock;
		this.listener = listener;
		for (PoolTimer timer : TIMERS) {
			this.durations[timer.ordinal()] = new DurationHistogram(clock, DURATION_WINDOW);
		}
	}

	/**
	 * Record a duration in the destination's histogram and tell the listener.
	 * @param timer what was timed
	 * @param protocol what the destination's connections speak
	 * @param nanos how long it took
	 */
	void recordDuration(PoolTimer timer, WireProtocol protocol, long nanos) {
		this.durations[timer.ordinal()].record(nanos);
		try {
			this.listener.durationRecorded(this.destination, protocol, timer, nanos);
		}
		catch (RuntimeException ex) {
			// A metrics failure must never fail the request being timed.
			logger.debug("A pool event listener failed", ex);
		}
	}

	void connectionOpened() {
		this.opened.increment();
	}

	void connectionClosed() {
		this.closed.increment();
	}

	void connectFailed(Throwable failure) {
		this.connectFailures.increment();
		this.connectFailuresByCause.computeIfAbsent(ConnectFailureCause.of(failure).tag(), (key) -> new LongAdder())
			.increment();
		this.lastFailure.set(new Failure(describe(failure), this.clock.instant()));
	}

	void goAwayReceived(String code) {
		this.goAways.increment();
		this.goAwaysByCode.computeIfAbsent(code, (key) -> new LongAdder()).increment();
	}

	void goAwaySent(String code) {
		this.goAwaysSentByCode.computeIfAbsent(code, (key) -> new LongAdder()).increment();
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

	/**
	 * GOAWAY frames received, by HTTP/2 error code.
	 * @return GOAWAY counts keyed by error code name, in name order
	 */
	public Map<String, Long> goAwaysByCode() {
		return sums(this.goAwaysByCode);
	}

	/**
	 * GOAWAY frames with an error code the client sent, ending a connection whose server
	 * broke the protocol, by HTTP/2 error code.
	 * @return GOAWAY counts keyed by error code name, in name order
	 */
	public Map<String, Long> goAwaysSentByCode() {
		return sums(this.goAwaysSentByCode);
	}

	/**
	 * Attempts to open a connection that failed, by cause.
	 * @return failure counts keyed by {@link ConnectFailureCause#tag() cause}, in cause
	 * order
	 */
	public Map<String, Long> connectFailuresByCause() {
		return sums(this.connectFailuresByCause);
	}

	/**
	 * The recent durations of every timer.
	 * @return a summary per timer, in timer order
	 */
	public Map<PoolTimer, DurationSummary> durations() {
		Map<PoolTimer, DurationSummary> summaries = new EnumMap<>(PoolTimer.class);
		for (PoolTimer timer : TIMERS) {
			summaries.put(timer, this.durations[timer.ordinal()].summary());
		}
		return summaries;
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
