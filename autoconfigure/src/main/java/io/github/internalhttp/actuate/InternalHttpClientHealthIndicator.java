package io.github.internalhttp.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.internalhttp.client.AddressSnapshot;
import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of an {@link InternalHttpClient}: {@code UP} while it runs, {@code DOWN} when it
 * is stopped, with the state of every destination in the details.
 * <p>
 * Each destination has a status of its own: {@code DOWN} when a connection to it failed
 * within the failure window and none is open, {@code SATURATED} when its queue stayed at
 * or above the saturation threshold for the saturation period, {@code UP} otherwise. An
 * unhealthy destination makes the client {@code DOWN} only when asked to, so that one bad
 * backend does not take the whole application down. The check reads the client's state
 * only: it never sends a request.
 */
public class InternalHttpClientHealthIndicator extends AbstractHealthIndicator {

	/** Status of a destination whose queue stays above the saturation threshold. */
	public static final String SATURATED = "SATURATED";

	private final InternalHttpClient client;

	private final double saturationThreshold;

	private final Duration saturationPeriod;

	private final Duration failureWindow;

	private final boolean downWhenDestinationUnhealthy;

	private final Clock clock;

	private final Map<String, Instant> saturatedSince = new ConcurrentHashMap<>();

	/**
	 * Create an indicator.
	 * @param client the client to check
	 * @param saturationThreshold fraction of a destination's queue limit, above 0 and at
	 * most 1, at or above which its queue counts as saturated
	 * @param saturationPeriod how long a queue must stay saturated before its destination
	 * is reported {@value #SATURATED}
	 * @param failureWindow how recent a connection failure must be, with no connection
	 * open, for its destination to be reported {@code DOWN}
	 * @param downWhenDestinationUnhealthy whether a destination that is not {@code UP}
	 * makes the client {@code DOWN}
	 * @param clock the clock that tells how long ago things happened
	 */
	public InternalHttpClientHealthIndicator(InternalHttpClient client, double saturationThreshold,
			Duration saturationPeriod, Duration failureWindow, boolean downWhenDestinationUnhealthy, Clock clock) {
		super("Internal HTTP client health check failed");
		if (!(saturationThreshold > 0 && saturationThreshold <= 1)) {
			throw new IllegalArgumentException(
					"saturationThreshold must be above 0 and at most 1 but was " + saturationThreshold);
		}
		if (saturationPeriod.isNegative()) {
			throw new IllegalArgumentException("saturationPeriod must not be negative but was " + saturationPeriod);
		}
		if (failureWindow.isNegative() || failureWindow.isZero()) {
			throw new IllegalArgumentException("failureWindow must be positive but was " + failureWindow);
		}
		this.client = client;
		this.saturationThreshold = saturationThreshold;
		this.saturationPeriod = saturationPeriod;
		this.failureWindow = failureWindow;
		this.downWhenDestinationUnhealthy = downWhenDestinationUnhealthy;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (!this.client.isRunning()) {
			this.saturatedSince.clear();
			builder.down().withDetail("running", false);
			return;
		}
		Instant now = this.clock.instant();
		List<DestinationSnapshot> snapshots = this.client.destinations();
		Map<String, Integer> protocolsPerDestination = new HashMap<>();
		snapshots.forEach((snapshot) -> protocolsPerDestination.merge(snapshot.destination().toString(), 1, Integer::sum));
		Map<String, Object> destinations = new LinkedHashMap<>();
		Set<String> seen = new HashSet<>();
		boolean unhealthy = false;
		for (DestinationSnapshot snapshot : snapshots) {
			String pool = snapshot.destination() + " " + snapshot.protocol().tag();
			seen.add(pool);
			Map<String, Object> details = describe(snapshot, pool, now);
			unhealthy |= !Status.UP.getCode().equals(details.get("status"));
			// One destination rarely speaks two protocols (a request that forces HTTP/1.1
			// to an h2c destination); its entries are then told apart by protocol.
			String destination = snapshot.destination().toString();
			String name = (protocolsPerDestination.get(destination) > 1)
					? destination + " (" + snapshot.protocol().tag() + ")" : destination;
			destinations.put(name, details);
		}
		this.saturatedSince.keySet().retainAll(seen);
		builder.status((unhealthy && this.downWhenDestinationUnhealthy) ? Status.DOWN : Status.UP)
			.withDetail("running", true)
			.withDetail("destinations", destinations);
	}

	private Map<String, Object> describe(DestinationSnapshot snapshot, String pool, Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		Verdict verdict = judge(snapshot, pool, now);
		details.put("status", verdict.status());
		if (verdict.reason() != null) {
			details.put("reason", verdict.reason());
		}
		details.put("protocol", snapshot.protocol().tag());
		Map<String, Object> connections = new LinkedHashMap<>();
		connections.put("active", snapshot.activeConnections());
		connections.put("idle", snapshot.idleConnections());
		connections.put("pending", snapshot.pendingConnections());
		connections.put("max", snapshot.maxConnections());
		details.put("connections", connections);
		Map<String, Object> streams = new LinkedHashMap<>();
		streams.put("active", snapshot.activeStreams());
		streams.put("max", snapshot.maxStreams());
		details.put("streams", streams);
		details.put("queuedRequests", snapshot.queuedRequests());
		details.put("maxQueuedRequests", snapshot.maxQueuedRequests());
		details.put("connectFailures", snapshot.connectFailures());
		if (snapshot.lastFailure() != null) {
			details.put("lastFailure", snapshot.lastFailure());
		}
		if (snapshot.lastFailureTime() != null) {
			details.put("lastFailureTime", snapshot.lastFailureTime().toString());
		}
		// A destination that spreads over several addresses stays up while one answers;
		// the addresses that refuse or fail connections are named here.
		Map<String, Object> addressesDown = new LinkedHashMap<>();
		snapshot.addresses()
			.stream()
			.filter(AddressSnapshot::down)
			.forEach((address) -> addressesDown.put(address.address(),
					(address.lastFailure() != null) ? address.lastFailure() : "connections fail"));
		if (!addressesDown.isEmpty()) {
			details.put("addressesDown", addressesDown);
		}
		return details;
	}

	private Verdict judge(DestinationSnapshot snapshot, String pool, Instant now) {
		// Saturation is tracked on every check, so that its period starts when it is first seen.
		Instant saturatedSince = saturatedSince(snapshot, pool, now);
		Instant lastFailure = snapshot.lastFailureTime();
		if (lastFailure != null && !lastFailure.isBefore(now.minus(this.failureWindow))
				&& snapshot.activeConnections() + snapshot.idleConnections() == 0) {
			return new Verdict(Status.DOWN.getCode(), "Connections fail and none is open");
		}
		if (saturatedSince != null && Duration.between(saturatedSince, now).compareTo(this.saturationPeriod) >= 0) {
			return new Verdict(SATURATED, "Queue at or above " + Math.round(this.saturationThreshold * 100)
					+ "% of its limit since " + saturatedSince);
		}
		return new Verdict(Status.UP.getCode(), null);
	}

	private @Nullable Instant saturatedSince(DestinationSnapshot snapshot, String pool, Instant now) {
		boolean saturated = snapshot.maxQueuedRequests() > 0
				&& snapshot.queuedRequests() >= this.saturationThreshold * snapshot.maxQueuedRequests();
		if (!saturated) {
			this.saturatedSince.remove(pool);
			return null;
		}
		return this.saturatedSince.computeIfAbsent(pool, (key) -> now);
	}

	private record Verdict(String status, @Nullable String reason) {

	}

}
