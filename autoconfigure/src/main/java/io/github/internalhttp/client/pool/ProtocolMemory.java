package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.internalhttp.client.DestinationId;

/**
 * Remembers, per destination (scheme, host, port), that it must be spoken to over
 * HTTP/1.1: it did not answer an h2c preface, or it reset a stream with
 * HTTP_1_1_REQUIRED. Each entry expires after a time to live, so that a server that
 * gains HTTP/2 support is tried again.
 */
public final class ProtocolMemory {

	private final Duration timeToLive;

	private final Clock clock;

	private final Map<DestinationId, Instant> http1Until = new ConcurrentHashMap<>();

	public ProtocolMemory(Duration timeToLive, Clock clock) {
		if (timeToLive.isNegative() || timeToLive.isZero()) {
			throw new IllegalArgumentException("timeToLive must be positive but was " + timeToLive);
		}
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	/**
	 * Whether the destination is remembered as HTTP/1.1 only.
	 * @param scheme the destination's scheme
	 * @param host the destination's host
	 * @param port the destination's port
	 * @return whether requests to it must use HTTP/1.1
	 */
	public boolean requiresHttp1(String scheme, String host, int port) {
		if (this.http1Until.isEmpty()) {
			return false;
		}
		DestinationId key = key(scheme, host, port);
		Instant until = this.http1Until.get(key);
		if (until == null) {
			return false;
		}
		if (this.clock.instant().isBefore(until)) {
			return true;
		}
		this.http1Until.remove(key, until);
		return false;
	}

	/**
	 * Remember that the destination must be spoken to over HTTP/1.1, for the time to
	 * live from now.
	 * @param scheme the destination's scheme
	 * @param host the destination's host
	 * @param port the destination's port
	 * @return whether the destination was not remembered as HTTP/1.1 already: several
	 * requests may fail on the same discovery, and only the first is a downgrade
	 */
	public boolean rememberHttp1(String scheme, String host, int port) {
		Instant now = this.clock.instant();
		this.http1Until.values().removeIf(now::isAfter);
		return this.http1Until.put(key(scheme, host, port), now.plus(this.timeToLive)) == null;
	}

	private static DestinationId key(String scheme, String host, int port) {
		return DestinationId.of(scheme, host, port);
	}

}
