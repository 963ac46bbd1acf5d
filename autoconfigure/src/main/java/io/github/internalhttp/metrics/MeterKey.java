package io.github.internalhttp.metrics;

import java.util.Comparator;

/**
 * The tags that identify one destination's meters.
 *
 * @param destination the destination's name, or {@link InternalHttpClientMetrics#OTHER}
 * when it is aggregated with others
 * @param protocol the protocol its connections speak
 */
record MeterKey(String destination, String protocol) implements Comparable<MeterKey> {

	private static final Comparator<MeterKey> ORDER = Comparator.comparing(MeterKey::destination)
		.thenComparing(MeterKey::protocol);

	boolean isOther() {
		return InternalHttpClientMetrics.OTHER.equals(this.destination);
	}

	@Override
	public int compareTo(MeterKey other) {
		return ORDER.compare(this, other);
	}

}
