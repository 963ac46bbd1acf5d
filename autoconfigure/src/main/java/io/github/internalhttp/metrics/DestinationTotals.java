package io.github.internalhttp.metrics;

import java.util.Map;
import java.util.TreeMap;

import io.github.internalhttp.client.DestinationSnapshot;

/**
 * The values of the destinations that share one {@link MeterKey}: one destination, or
 * every destination aggregated under {@code other}. Live values and limits add up, except
 * the stream limit, which is per connection and so the highest of them; counts add up.
 */
final class DestinationTotals {

	private int activeConnections;

	private int idleConnections;

	private int pendingConnections;

	private int maxConnections;

	private int activeStreams;

	private int maxStreams;

	private int queuedRequests;

	private int maxQueuedRequests;

	private long connectionsOpened;

	private long connectionsClosed;

	private long goAways;

	private long protocolFallbacks;

	private final Map<String, Long> retries = new TreeMap<>();

	private final Map<String, Long> streamResets = new TreeMap<>();

	private final Map<String, Long> goAwaysByCode = new TreeMap<>();

	private final Map<String, Long> connectFailuresByCause = new TreeMap<>();

	private final Map<String, Long> goAwaysSentByCode = new TreeMap<>();

	void add(DestinationSnapshot snapshot) {
		this.activeConnections += snapshot.activeConnections();
		this.idleConnections += snapshot.idleConnections();
		this.pendingConnections += snapshot.pendingConnections();
		this.maxConnections += snapshot.maxConnections();
		this.activeStreams += snapshot.activeStreams();
		this.maxStreams = Math.max(this.maxStreams, snapshot.maxStreams());
		this.queuedRequests += snapshot.queuedRequests();
		this.maxQueuedRequests += snapshot.maxQueuedRequests();
		addCounts(snapshot);
	}

	void addCounts(DestinationSnapshot snapshot) {
		this.connectionsOpened += snapshot.connectionsOpened();
		this.connectionsClosed += snapshot.connectionsClosed();
		this.goAways += snapshot.goAways();
		this.protocolFallbacks += snapshot.protocolFallbacks();
		snapshot.retries().forEach((reason, count) -> this.retries.merge(reason, count, Long::sum));
		snapshot.streamResets().forEach((code, count) -> this.streamResets.merge(code, count, Long::sum));
		snapshot.goAwaysByCode().forEach((code, count) -> this.goAwaysByCode.merge(code, count, Long::sum));
		snapshot.goAwaysSentByCode().forEach((code, count) -> this.goAwaysSentByCode.merge(code, count, Long::sum));
		snapshot.connectFailuresByCause()
			.forEach((cause, count) -> this.connectFailuresByCause.merge(cause, count, Long::sum));
	}

	void addCounts(DestinationTotals totals) {
		this.connectionsOpened += totals.connectionsOpened;
		this.connectionsClosed += totals.connectionsClosed;
		this.goAways += totals.goAways;
		this.protocolFallbacks += totals.protocolFallbacks;
		totals.retries.forEach((reason, count) -> this.retries.merge(reason, count, Long::sum));
		totals.streamResets.forEach((code, count) -> this.streamResets.merge(code, count, Long::sum));
		totals.goAwaysByCode.forEach((code, count) -> this.goAwaysByCode.merge(code, count, Long::sum));
		totals.goAwaysSentByCode.forEach((code, count) -> this.goAwaysSentByCode.merge(code, count, Long::sum));
		totals.connectFailuresByCause.forEach((cause, count) -> this.connectFailuresByCause.merge(cause, count, Long::sum));
	}

	int activeConnections() {
		return this.activeConnections;
	}

	int idleConnections() {
		return this.idleConnections;
	}

	int pendingConnections() {
		return this.pendingConnections;
	}

	int maxConnections() {
		return this.maxConnections;
	}

	int activeStreams() {
		return this.activeStreams;
	}

	int maxStreams() {
		return this.maxStreams;
	}

	int queuedRequests() {
		return this.queuedRequests;
	}

	int maxQueuedRequests() {
		return this.maxQueuedRequests;
	}

	long connectionsOpened() {
		return this.connectionsOpened;
	}

	long connectionsClosed() {
		return this.connectionsClosed;
	}

	long goAways() {
		return this.goAways;
	}

	long protocolFallbacks() {
		return this.protocolFallbacks;
	}

	/**
	 * Retries by reason, in reason order.
	 */
	Map<String, Long> retries() {
		return this.retries;
	}

	/**
	 * Stream resets received by error code, in code name order.
	 */
	Map<String, Long> streamResets() {
		return this.streamResets;
	}

	/**
	 * GOAWAY frames received by error code, in code name order.
	 */
	Map<String, Long> goAwaysByCode() {
		return this.goAwaysByCode;
	}

	/**
	 * GOAWAY frames with an error code the client sent, by error code, in code name order.
	 */
	Map<String, Long> goAwaysSentByCode() {
		return this.goAwaysSentByCode;
	}

	/**
	 * Failed attempts to open a connection by cause, in cause order.
	 */
	Map<String, Long> connectFailuresByCause() {
		return this.connectFailuresByCause;
	}

}
