package io.github.internalhttp.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.internalhttp.client.DestinationSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Samples the client's destinations and groups them by {@link MeterKey}. It decides
 * which destinations keep a tag of their own, at most {@code maxDestinations} of them in
 * order of appearance, and keeps the counts of the {@code other} group monotonic when
 * one of its destinations goes away.
 * <p>
 * A sample is reused for a short while, so that a scrape reading every meter takes one
 * snapshot of the client rather than one per meter.
 */
final class DestinationSampler {

	private final Supplier<List<DestinationSnapshot>> destinations;

	private final int maxDestinations;

	private final long maxAgeNanos;

	private final Set<String> named = new HashSet<>();

	private final Set<String> aggregated = new HashSet<>();

	private final Map<MeterKey, DestinationTotals> retired = new HashMap<>();

	private Map<String, DestinationSnapshot> otherMembers = Map.of();

	private @Nullable Map<MeterKey, DestinationTotals> last;

	private long sampledAt;

	DestinationSampler(Supplier<List<DestinationSnapshot>> destinations, int maxDestinations, Duration maxAge) {
		if (maxDestinations < 0) {
			throw new IllegalArgumentException("maxDestinations must not be negative but was " + maxDestinations);
		}
		this.destinations = destinations;
		this.maxDestinations = maxDestinations;
		this.maxAgeNanos = maxAge.toNanos();
	}

	/**
	 * The latest sample, taken again if it is older than the maximum age.
	 * @return totals by key, in key order
	 */
	synchronized Map<MeterKey, DestinationTotals> sample() {
		Map<MeterKey, DestinationTotals> last = this.last;
		if (last != null && System.nanoTime() - this.sampledAt < this.maxAgeNanos) {
			return last;
		}
		return sampleNow();
	}

	/**
	 * A new sample.
	 * @return totals by key, in key order
	 */
	synchronized Map<MeterKey, DestinationTotals> sampleNow() {
		List<DestinationSnapshot> snapshots = this.destinations.get();
		Set<String> present = new HashSet<>();
		snapshots.forEach((snapshot) -> present.add(snapshot.destination().toString()));
		// A destination that went away frees its tag for the next new one.
		this.named.retainAll(present);
		this.aggregated.retainAll(present);
		Map<MeterKey, DestinationTotals> totals = new TreeMap<>();
		Map<String, DestinationSnapshot> otherMembers = new HashMap<>();
		for (DestinationSnapshot snapshot : snapshots) {
			MeterKey key = new MeterKey(tagOf(snapshot.destination().toString()), snapshot.protocol().tag());
			totals.computeIfAbsent(key, (k) -> new DestinationTotals()).add(snapshot);
			if (key.isOther()) {
				otherMembers.put(snapshot.destination() + " " + snapshot.protocol().tag(), snapshot);
			}
		}
		this.otherMembers.forEach((member, snapshot) -> {
			if (!otherMembers.containsKey(member)) {
				this.retired.computeIfAbsent(new MeterKey(InternalHttpClientMetrics.OTHER, snapshot.protocol().tag()),
						(k) -> new DestinationTotals())
					.addCounts(snapshot);
			}
		});
		this.otherMembers = otherMembers;
		this.retired.forEach((key, counts) -> totals.computeIfAbsent(key, (k) -> new DestinationTotals())
			.addCounts(counts));
		this.last = totals;
		this.sampledAt = System.nanoTime();
		return totals;
	}

	/**
	 * The {@code destination} tag of a destination, giving it a tag of its own if there is
	 * room: for meters registered as their first event happens, between samples.
	 * @param destination the destination's name
	 * @return its name, or {@link InternalHttpClientMetrics#OTHER}
	 */
	synchronized String tagOf(String destination) {
		if (this.named.contains(destination)) {
			return destination;
		}
		if (!this.aggregated.contains(destination) && this.named.size() < this.maxDestinations) {
			this.named.add(destination);
			return destination;
		}
		this.aggregated.add(destination);
		return InternalHttpClientMetrics.OTHER;
	}

}
