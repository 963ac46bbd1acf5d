package io.github.internalhttp.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.github.internalhttp.client.AddressSnapshot;
import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer metrics of the addresses of the destinations that spread over several
 * addresses: for each address, its connections, streams in flight, whether it is up and
 * its failed dials, tagged with {@value #ADDRESS_TAG} ({@code ip:port}) besides
 * {@value InternalHttpClientMetrics#DESTINATION_TAG} and
 * {@value InternalHttpClientMetrics#PROTOCOL_TAG}.
 * <p>
 * The address dimension is bounded: only destinations with more than one address get
 * these meters, at most {@code maxDestinations} of them in order of appearance, and at
 * most {@value #MAX_ADDRESSES_PER_DESTINATION} addresses of each, in address order. Meters
 * of addresses that went away (no longer listed, no connection left) are removed at the
 * next refresh.
 */
public final class InternalHttpClientAddressMetrics implements MeterBinder, AutoCloseable {

	/** Open connections to an address. */
	public static final String ADDRESS_CONNECTIONS = "internal.http.client.address.connections";

	/** HTTP/2 streams in flight to an address. */
	public static final String ADDRESS_STREAMS_ACTIVE = "internal.http.client.address.streams.active";

	/** 1 while the last dial to an address succeeded, 0 once one failed. */
	public static final String ADDRESS_UP = "internal.http.client.address.up";

	/** Dials to an address that failed. */
	public static final String ADDRESS_CONNECT_FAILURES = "internal.http.client.address.connect.failures";

	/** Tag of the address meters: the address, {@code ip:port}. */
	public static final String ADDRESS_TAG = "address";

	/** The most addresses of one destination that get meters of their own. */
	public static final int MAX_ADDRESSES_PER_DESTINATION = 16;

	private static final long SAMPLE_MAX_AGE_MILLIS = 500;


	private final Supplier<List<DestinationSnapshot>> destinations;

	private final int maxDestinations;


	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	/** The destinations given address meters so far, in order of appearance. */
	private final Set<String> destinationsSeen = new LinkedHashSet<>();

	private final Map<AddressKey, List<Meter.Id>> meters = new LinkedHashMap<>();

	private volatile Map<AddressKey, AddressSnapshot> sample = Map.of();

	private volatile long sampledAt = Long.MIN_VALUE;

	private final PeriodicRefresh refresher;

	private boolean closed;

	/**
	 * Address metrics of a client.
	 * @param client the client to measure
	 * @param maxDestinations how many destinations get address meters
	 * @param refreshInterval how often meters of new addresses are registered and those
	 * of addresses that went away removed
	 */
	public InternalHttpClientAddressMetrics(InternalHttpClient client, int maxDestinations,
			Duration refreshInterval) {
		this(client::destinations, maxDestinations, refreshInterval);
	}

	InternalHttpClientAddressMetrics(Supplier<List<DestinationSnapshot>> destinations, int maxDestinations,
			Duration refreshInterval) {
		this.destinations = destinations;
		this.maxDestinations = maxDestinations;
		this.refresher = new PeriodicRefresh("address-metrics", refreshInterval, this::refresh);
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		if (this.closed) {
			throw new IllegalStateException("The internal HTTP client address metrics are closed");
		}
		this.registries.add(registry);
		this.meters.forEach((key, ids) -> ids.addAll(register(registry, key)));
		refresh();
		this.refresher.start();
	}

	/**
	 * Register the meters of addresses that appeared and remove those of addresses that
	 * went away. It runs every refresh interval; call it to see a change at once.
	 */
	public synchronized void refresh() {
		if (this.closed || this.registries.isEmpty()) {
			return;
		}
		Map<AddressKey, AddressSnapshot> current = sampleNow();
		current.keySet().forEach((key) -> this.meters.computeIfAbsent(key, (k) -> {
			List<Meter.Id> ids = new ArrayList<>();
			this.registries.forEach((registry) -> ids.addAll(register(registry, k)));
			return ids;
		}));
		this.meters.entrySet().removeIf((entry) -> {
			if (current.containsKey(entry.getKey())) {
				return false;
			}
			this.registries.forEach((registry) -> entry.getValue().forEach(registry::remove));
			return true;
		});
	}

	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			this.meters.values().forEach((ids) -> this.registries.forEach((registry) -> ids.forEach(registry::remove)));
			this.meters.clear();
			this.registries.clear();
		}
		this.refresher.stop();
	}

	/**
	 * Read the client now: the addresses of the destinations with several, within the
	 * bounds.
	 */
	private synchronized Map<AddressKey, AddressSnapshot> sampleNow() {
		Map<AddressKey, AddressSnapshot> sample = new HashMap<>();
		for (DestinationSnapshot destination : this.destinations.get()) {
			if (destination.addresses().size() < 2) {
				continue;
			}
			String name = destination.destination().toString();
			if (!this.destinationsSeen.contains(name)) {
				if (this.destinationsSeen.size() >= this.maxDestinations) {
					continue;
				}
				this.destinationsSeen.add(name);
			}
			destination.addresses()
				.stream()
				.limit(MAX_ADDRESSES_PER_DESTINATION)
				.forEach((address) -> sample.put(new AddressKey(name, destination.protocol().tag(), address.address()),
						address));
		}
		this.sample = sample;
		this.sampledAt = System.nanoTime();
		return sample;
	}

	private double read(AddressKey key, ToDoubleFunction<AddressSnapshot> value) {
		if (System.nanoTime() - this.sampledAt > TimeUnit.MILLISECONDS.toNanos(SAMPLE_MAX_AGE_MILLIS)) {
			sampleNow();
		}
		AddressSnapshot address = this.sample.get(key);
		return (address != null) ? value.applyAsDouble(address) : 0;
	}

	private List<Meter.Id> register(MeterRegistry registry, AddressKey key) {
		Tags tags = Tags.of(InternalHttpClientMetrics.DESTINATION_TAG, key.destination(),
				InternalHttpClientMetrics.PROTOCOL_TAG, key.protocol(), ADDRESS_TAG, key.address());
		List<Meter.Id> ids = new ArrayList<>();
		ids.add(gauge(registry, ADDRESS_CONNECTIONS, tags, key, AddressSnapshot::connections,
				"Open connections of the destination to one of its addresses"));
		ids.add(gauge(registry, ADDRESS_STREAMS_ACTIVE, tags, key, AddressSnapshot::activeStreams,
				"HTTP/2 streams in flight to one address of the destination"));
		ids.add(gauge(registry, ADDRESS_UP, tags, key, (address) -> address.down() ? 0 : 1,
				"1 while the last dial to the address succeeded, 0 once one failed"));
		ids.add(FunctionCounter.builder(ADDRESS_CONNECT_FAILURES, this, (metrics) -> metrics.read(key,
				AddressSnapshot::connectFailures))
			.tags(tags)
			.description("Dials to the address that failed")
			.register(registry)
			.getId());
		return ids;
	}

	private Meter.Id gauge(MeterRegistry registry, String name, Tags tags, AddressKey key,
			ToDoubleFunction<AddressSnapshot> value, String description) {
		return Gauge.builder(name, this, (metrics) -> metrics.read(key, value))
			.tags(tags)
			.description(description)
			.strongReference(true)
			.register(registry)
			.getId();
	}

	/**
	 * One address of one destination and protocol.
	 *
	 * @param destination {@code scheme://host:port}
	 * @param protocol the destination's protocol tag
	 * @param address {@code ip:port}
	 */
	private record AddressKey(String destination, String protocol, String address) {

	}

}
