package io.github.internalhttp.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.PoolTimer;
import io.github.internalhttp.client.WireProtocol;
import io.github.internalhttp.client.pool.PoolEventListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer metrics of an {@link InternalHttpClient}: for each destination and protocol,
 * its connections by state, streams, queued requests, the counts of connections opened,
 * closed and failed (by cause), GOAWAYs and stream resets (by error code), retries and
 * protocol fallbacks, and timers of the waits for a connection or a stream, TCP
 * connects, TLS handshakes and connection lifetimes.
 * <p>
 * Counters and gauges read the client's snapshots; the timers are recorded as the pool
 * reports each duration through a {@link PoolEventListener}, so that they carry a
 * maximum and, as configured on the registry (for example Spring Boot's
 * {@code management.metrics.distribution.*}), percentiles and histogram buckets.
 * <p>
 * Every meter is tagged with {@value #DESTINATION_TAG} ({@code scheme://host:port}) and
 * {@value #PROTOCOL_TAG} ({@code http1}, {@code h2c}, {@code h2}, or {@code unknown}
 * while a TLS destination is still negotiating). Gauges and counters read the client when
 * they are read, from a sample at most half a second old; meters of
 * destinations that appeared are registered, and those of destinations that went away
 * removed, every refresh interval.
 * <p>
 * At most {@code maxDestinations} destinations get a {@value #DESTINATION_TAG} tag of
 * their own, in order of appearance; the others are aggregated under
 * {@code destination=}{@value #OTHER}, where values and limits add up, except
 * {@value #STREAMS_MAX}, the highest of their stream limits.
 */
public final class InternalHttpClientMetrics implements MeterBinder, AutoCloseable {

	/** Connections, tagged by {@value #STATE_TAG}: active, idle or pending. */
	public static final String CONNECTIONS = "internal.http.client.connections";

	/** Configured maximum number of connections. */
	public static final String CONNECTIONS_MAX = "internal.http.client.connections.max";

	/** Connections opened: the dials. */
	public static final String CONNECTIONS_OPENED = "internal.http.client.connections.opened";

	/** Connections closed. */
	public static final String CONNECTIONS_CLOSED = "internal.http.client.connections.closed";

	/** HTTP/2 streams in flight. */
	public static final String STREAMS_ACTIVE = "internal.http.client.streams.active";

	/** Streams allowed per connection. */
	public static final String STREAMS_MAX = "internal.http.client.streams.max";

	/** Requests waiting for a connection or a stream. */
	public static final String REQUESTS_QUEUED = "internal.http.client.requests.queued";

	/** Configured maximum number of waiting requests. */
	public static final String REQUESTS_QUEUED_MAX = "internal.http.client.requests.queued.max";

	/** GOAWAY frames received, tagged by {@value #CODE_TAG}. */
	public static final String GOAWAYS = "internal.http.client.goaways";

	/**
	 * GOAWAY frames with an error code that the client sent, ending a connection whose
	 * server broke the protocol, tagged by {@value #CODE_TAG}.
	 */
	public static final String GOAWAYS_SENT = "internal.http.client.goaways.sent";

	/** Attempts to open a connection that failed, tagged by {@value #CAUSE_TAG}. */
	public static final String CONNECTIONS_FAILURES = "internal.http.client.connections.failures";

	/** Tag of {@value #CONNECTIONS_FAILURES}: refused, timeout, tls, dns or other. */
	public static final String CAUSE_TAG = "cause";

	/** Timer: how long requests waited for a connection or a stream. */
	public static final String REQUESTS_WAIT = "internal.http.client.requests.wait";

	/** Timer: how long TCP connects took. */
	public static final String CONNECTIONS_CONNECT = "internal.http.client.connections.connect";

	/** Timer: how long TLS handshakes took. */
	public static final String CONNECTIONS_TLS_HANDSHAKE = "internal.http.client.connections.tls.handshake";

	/** Timer: how long closed connections lived. */
	public static final String CONNECTIONS_LIFETIME = "internal.http.client.connections.lifetime";

	private static final String PREFIX = "internal.http.client.";

	/** Requests sent again, tagged by {@value #REASON_TAG}. */
	public static final String RETRIES = "internal.http.client.retries";

	/** Downgrades of a destination to HTTP/1.1. */
	public static final String PROTOCOL_FALLBACKS = "internal.http.client.protocol.fallbacks";

	/** Tag of every meter: the destination, {@code scheme://host:port}. */
	public static final String DESTINATION_TAG = "destination";

	/**
	 * Tag of every meter of the auto-configured clients: the shared client's name,
	 * {@code default} or an SSL bundle's.
	 */
	public static final String CLIENT_TAG = "client";

	/** Tag of every meter: the protocol of the destination's connections. */
	public static final String PROTOCOL_TAG = "protocol";

	/** Tag of {@value #CONNECTIONS}: active, idle or pending. */
	public static final String STATE_TAG = "state";

	/** The values of the state tag, each with the count it reports, in a stable order. */
	private static final Map<String, ToDoubleFunction<DestinationTotals>> CONNECTION_STATES = orderedStates();

	/** Tag of {@value #RETRIES}: why a request was sent again. */
	public static final String REASON_TAG = "reason";

	/** RST_STREAM frames received, tagged by {@value #CODE_TAG}. */
	public static final String STREAM_RESETS = "internal.http.client.streams.resets";

	/** Tag of {@value #STREAM_RESETS} and {@value #GOAWAYS}: the HTTP/2 error code, by its RFC 9113 name. */
	public static final String CODE_TAG = "code";

	/** The {@value #DESTINATION_TAG} of destinations beyond the maximum. */
	public static final String OTHER = "other";

	/** Destinations tagged by name unless configured otherwise. */
	public static final int DEFAULT_MAX_DESTINATIONS = 100;

	/** How often meters are added and removed unless configured otherwise. */
	public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);

	static final long SAMPLE_MAX_AGE_MILLIS = 500;


	private static final PoolTimer[] TIMERS = PoolTimer.values();

	private static final Map<PoolTimer, String> TIMER_DESCRIPTIONS = Map.of(PoolTimer.REQUESTS_WAIT,
			"Time requests to the destination waited for a connection or a stream, from queued to sent",
			PoolTimer.CONNECTIONS_CONNECT, "Time TCP connects to the destination took",
			PoolTimer.CONNECTIONS_TLS_HANDSHAKE, "Time TLS handshakes with the destination took",
			PoolTimer.CONNECTIONS_LIFETIME, "Time connections to the destination lived, recorded as they close");

	private final DestinationSampler sampler;

	private Tags commonTags = Tags.empty();


	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Map<MeterKey, Set<Meter.Id>> meters = new TreeMap<>();

	/** The labelled counters registered so far, per destination. */
	private final Map<MeterKey, Set<Labelled>> labelled = new TreeMap<>();

	/**
	 * The timers of each destination name, by protocol, registered as their first
	 * duration arrives and forgotten when meters are removed. Read on every request.
	 */
	private final Map<String, TimerSet[]> timers = new ConcurrentHashMap<>();

	private final PoolEventListener timerRecorder = new PoolEventListener() {

		@Override
		public void durationRecorded(String destination, WireProtocol protocol, PoolTimer timer, long nanos) {
			recordDuration(destination, protocol, timer, nanos);
		}

	};

	private final PeriodicRefresh refresher;

	private boolean closed;

	/**
	 * Metrics of a client with the default maximum of destinations and refresh interval.
	 * @param client the client to measure
	 */
	public InternalHttpClientMetrics(InternalHttpClient client) {
		this(client, DEFAULT_MAX_DESTINATIONS, DEFAULT_REFRESH_INTERVAL);
	}

	/**
	 * Metrics of a client.
	 * @param client the client to measure
	 * @param maxDestinations how many destinations get a tag of their own; the others
	 * are aggregated under {@value #OTHER}
	 * @param refreshInterval how often meters of new destinations are registered and
	 * those of destinations that went away removed
	 */
	public InternalHttpClientMetrics(InternalHttpClient client, int maxDestinations, Duration refreshInterval) {
		this(client, maxDestinations, refreshInterval, Tags.empty());
	}

	/**
	 * Metrics of one of several clients, told apart by tags on every meter.
	 * @param client the client to measure
	 * @param maxDestinations how many destinations get a tag of their own; the others
	 * are aggregated under {@value #OTHER}
	 * @param refreshInterval how often meters of new destinations are registered and
	 * those of destinations that went away removed
	 * @param commonTags tags on every meter of the client, such as
	 * {@value #CLIENT_TAG}; a bounded set of values
	 */
	public InternalHttpClientMetrics(InternalHttpClient client, int maxDestinations, Duration refreshInterval,
			Iterable<Tag> commonTags) {
		this(client::destinations, maxDestinations, refreshInterval);
		this.commonTags = Tags.of(commonTags);
		// A new destination gets its meters at once rather than at the next refresh.
		client.addDestinationListener((destination) -> this.refresher.soon(NEW_DESTINATION_DELAY_MS));
		client.addPoolEventListener(this.timerRecorder);
	}

	InternalHttpClientMetrics(Supplier<List<DestinationSnapshot>> destinations, int maxDestinations,
			Duration refreshInterval) {
		this.sampler = new DestinationSampler(destinations, maxDestinations,
				Duration.ofMillis(SAMPLE_MAX_AGE_MILLIS));
		this.refresher = new PeriodicRefresh("metrics", refreshInterval, this::refresh);
	}

	private static final long NEW_DESTINATION_DELAY_MS = 50;

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		if (this.closed) {
			throw new IllegalStateException("The internal HTTP client metrics are closed");
		}
		this.registries.add(registry);
		// Timers are registered again, in every registry, at their next duration.
		this.timers.clear();
		// A registry bound late gets the meters the others already have.
		this.labelled.forEach((key, labels) -> this.meters.get(key).addAll(register(registry, key, labels)));
		refresh();
		this.refresher.start();
	}

	/**
	 * Register the meters of destinations that appeared and remove those of destinations
	 * that went away. It runs every refresh interval; call it to see a change at once.
	 */
	public synchronized void refresh() {
		if (this.closed || this.registries.isEmpty()) {
			return;
		}
		Map<MeterKey, DestinationTotals> sample = this.sampler.sampleNow();
		sample.forEach((key, totals) -> {
			Set<Meter.Id> ids = this.meters.computeIfAbsent(key, (k) -> new LinkedHashSet<>());
			// A key whose timers came first has meters, but not yet its gauges and counters.
			boolean newKey = !this.labelled.containsKey(key);
			Set<Labelled> known = this.labelled.computeIfAbsent(key, (k) -> new LinkedHashSet<>());
			Set<Labelled> newLabels = Labelled.of(totals);
			newLabels.removeAll(known);
			for (MeterRegistry registry : this.registries) {
				if (newKey) {
					ids.addAll(register(registry, key, Set.of()));
				}
				newLabels.forEach((label) -> ids.add(registerLabelled(registry, key, label).getId()));
			}
			known.addAll(newLabels);
		});
		Iterator<Map.Entry<MeterKey, Set<Meter.Id>>> registered = this.meters.entrySet().iterator();
		while (registered.hasNext()) {
			Map.Entry<MeterKey, Set<Meter.Id>> entry = registered.next();
			if (!sample.containsKey(entry.getKey())) {
				remove(entry.getValue());
				this.labelled.remove(entry.getKey());
				registered.remove();
				// Timers of a removed key are registered anew at their next duration.
				this.timers.clear();
			}
		}
	}

	/**
	 * Record a duration the pool reported in the timer of its destination, registering
	 * the destination's timers first if they are not yet. The hot path is two lookups and
	 * the timer's own recording.
	 */
	private void recordDuration(String destination, WireProtocol protocol, PoolTimer timer, long nanos) {
		if (this.registries.isEmpty()) {
			return;
		}
		TimerSet[] byProtocol = this.timers.get(destination);
		TimerSet set = (byProtocol != null) ? byProtocol[protocol.ordinal()] : null;
		if (set == null) {
			set = registerTimers(destination, protocol);
		}
		if (set != null) {
			set.record(timer, nanos);
		}
	}

	private synchronized @Nullable TimerSet registerTimers(String destination, WireProtocol protocol) {
		if (this.closed || this.registries.isEmpty()) {
			return null;
		}
		TimerSet[] byProtocol = this.timers.computeIfAbsent(destination,
				(name) -> new TimerSet[WireProtocol.values().length]);
		TimerSet set = byProtocol[protocol.ordinal()];
		if (set != null) {
			return set;
		}
		MeterKey key = new MeterKey(this.sampler.tagOf(destination), protocol.tag());
		Tags tags = Tags.of(DESTINATION_TAG, key.destination(), PROTOCOL_TAG, key.protocol());
		Set<Meter.Id> ids = this.meters.computeIfAbsent(key, (k) -> new LinkedHashSet<>());
		Timer[][] timers = new Timer[this.registries.size()][];
		for (int r = 0; r < timers.length; r++) {
			MeterRegistry registry = this.registries.get(r);
			timers[r] = new Timer[TIMERS.length];
			for (PoolTimer timer : TIMERS) {
				Timer registered = Timer.builder(PREFIX + timer.suffix())
					.tags(tags.and(this.commonTags))
					.description(TIMER_DESCRIPTIONS.get(timer))
					.register(registry);
				timers[r][timer.ordinal()] = registered;
				ids.add(registered.getId());
			}
		}
		set = new TimerSet(timers);
		byProtocol[protocol.ordinal()] = set;
		return set;
	}

	/**
	 * The timers of one destination and protocol, in each registry.
	 */
	private static final class TimerSet {

		/** By registry, then by {@link PoolTimer#ordinal()}. */
		private final Timer[][] timers;

		TimerSet(Timer[][] timers) {
			this.timers = timers;
		}

		void record(PoolTimer timer, long nanos) {
			for (Timer[] registryTimers : this.timers) {
				registryTimers[timer.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
			}
		}

	}

	/**
	 * Stop refreshing and remove every meter from the registries.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			this.meters.values().forEach(this::remove);
			this.meters.clear();
			this.labelled.clear();
			this.timers.clear();
			this.registries.clear();
		}
		// Outside the lock: a refresh waiting for it then sees the metrics closed and ends.
		this.refresher.stop();
	}

	private void remove(Set<Meter.Id> ids) {
		for (MeterRegistry registry : this.registries) {
			ids.forEach(registry::remove);
		}
	}

	private List<Meter.Id> register(MeterRegistry registry, MeterKey key, Set<Labelled> labels) {
		Tags tags = Tags.of(DESTINATION_TAG, key.destination(), PROTOCOL_TAG, key.protocol());
		List<Meter> meters = new ArrayList<>();
		CONNECTION_STATES.forEach((state, count) -> meters.add(gauge(registry, CONNECTIONS,
				tags.and(STATE_TAG, state), key, count,
				"Connections to the destination by state: active (carrying requests), idle, or pending (being opened)")));
		meters.add(gauge(registry, CONNECTIONS_MAX, tags, key, DestinationTotals::maxConnections,
				"Configured maximum number of connections to the destination"));
		meters.add(counter(registry, CONNECTIONS_OPENED, tags, key, DestinationTotals::connectionsOpened,
				"Connections opened to the destination (dials)"));
		meters.add(counter(registry, CONNECTIONS_CLOSED, tags, key, DestinationTotals::connectionsClosed,
				"Connections to the destination that were closed"));
		meters.add(gauge(registry, STREAMS_ACTIVE, tags, key, DestinationTotals::activeStreams,
				"HTTP/2 streams in flight over the destination's connections"));
		meters.add(gauge(registry, STREAMS_MAX, tags, key, DestinationTotals::maxStreams,
				"Streams allowed per connection: the server's SETTINGS_MAX_CONCURRENT_STREAMS capped by the "
						+ "client's limit, 1 for HTTP/1.1, 0 while unknown"));
		meters.add(gauge(registry, REQUESTS_QUEUED, tags, key, DestinationTotals::queuedRequests,
				"Requests waiting for a connection or a stream to the destination"));
		meters.add(gauge(registry, REQUESTS_QUEUED_MAX, tags, key, DestinationTotals::maxQueuedRequests,
				"Configured maximum number of requests waiting for the destination"));
		meters.add(counter(registry, PROTOCOL_FALLBACKS, tags, key, DestinationTotals::protocolFallbacks,
				"Times the destination was downgraded to HTTP/1.1"));
		labels.forEach((label) -> meters.add(registerLabelled(registry, key, label)));
		return meters.stream().map(Meter::getId).toList();
	}

	private static Map<String, ToDoubleFunction<DestinationTotals>> orderedStates() {
		Map<String, ToDoubleFunction<DestinationTotals>> states = new LinkedHashMap<>();
		states.put("active", DestinationTotals::activeConnections);
		states.put("idle", DestinationTotals::idleConnections);
		states.put("pending", DestinationTotals::pendingConnections);
		return Collections.unmodifiableMap(states);
	}

	private Meter registerLabelled(MeterRegistry registry, MeterKey key, Labelled label) {
		Tags tags = Tags.of(DESTINATION_TAG, key.destination(), PROTOCOL_TAG, key.protocol(), label.kind().tag,
				label.value());
		return counter(registry, label.kind().name, tags, key, label::count, label.kind().description);
	}

	/**
	 * The counters of a destination that come one per label, registered as their labels
	 * first appear: the labels of each are a bounded set (retry reasons, error codes).
	 */
	private enum LabelledKind {

		RETRIES(InternalHttpClientMetrics.RETRIES, REASON_TAG, DestinationTotals::retries,
				"Requests sent again to the destination, by reason"),

		STREAM_RESETS(InternalHttpClientMetrics.STREAM_RESETS, CODE_TAG, DestinationTotals::streamResets,
				"RST_STREAM frames received from the destination, by HTTP/2 error code"),

		GOAWAYS(InternalHttpClientMetrics.GOAWAYS, CODE_TAG, DestinationTotals::goAwaysByCode,
				"GOAWAY frames received from the destination, by HTTP/2 error code"),

		GOAWAYS_SENT(InternalHttpClientMetrics.GOAWAYS_SENT, CODE_TAG, DestinationTotals::goAwaysSentByCode,
				"GOAWAY frames with an error code the client sent to the destination, ending a connection whose "
						+ "server broke the protocol, by HTTP/2 error code"),

		CONNECTIONS_FAILURES(InternalHttpClientMetrics.CONNECTIONS_FAILURES, CAUSE_TAG,
				DestinationTotals::connectFailuresByCause,
				"Attempts to open a connection to the destination that failed, by cause");

		private final String name;

		private final String tag;

		private final Function<DestinationTotals, Map<String, Long>> counts;

		private final String description;

		LabelledKind(String name, String tag, Function<DestinationTotals, Map<String, Long>> counts,
				String description) {
			this.name = name;
			this.tag = tag;
			this.counts = counts;
			this.description = description;
		}

	}

	/**
	 * One counter of a labelled kind.
	 *
	 * @param kind which counter
	 * @param value its label
	 */
	private record Labelled(LabelledKind kind, String value) {

		static Set<Labelled> of(DestinationTotals totals) {
			Set<Labelled> labels = new LinkedHashSet<>();
			for (LabelledKind kind : LabelledKind.values()) {
				kind.counts.apply(totals).keySet().forEach((value) -> labels.add(new Labelled(kind, value)));
			}
			return labels;
		}

		double count(DestinationTotals totals) {
			return this.kind.counts.apply(totals).getOrDefault(this.value, 0L);
		}

	}

	private Gauge gauge(MeterRegistry registry, String name, Tags tags, MeterKey key,
			ToDoubleFunction<DestinationTotals> value, String description) {
		return Gauge.builder(name, this, (metrics) -> metrics.read(key, value))
			.tags(tags.and(this.commonTags))
			.description(description)
			.strongReference(true)
			.register(registry);
	}

	private FunctionCounter counter(MeterRegistry registry, String name, Tags tags, MeterKey key,
			ToDoubleFunction<DestinationTotals> count, String description) {
		return FunctionCounter.builder(name, this, (metrics) -> metrics.read(key, count))
			.tags(tags.and(this.commonTags))
			.description(description)
			.register(registry);
	}

	private double read(MeterKey key, ToDoubleFunction<DestinationTotals> value) {
		DestinationTotals totals = this.sampler.sample().get(key);
		// A destination that went away reads NaN until the next refresh removes its meters.
		return (totals != null) ? value.applyAsDouble(totals) : Double.NaN;
	}

}
