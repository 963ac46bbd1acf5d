package io.github.internalhttp.client.pool;

import io.github.internalhttp.client.PoolTimer;
import io.github.internalhttp.client.WireProtocol;

/**
 * Hears what the pool times as it happens, for a metrics library to record. Methods run
 * on the thread that saw the event, often the thread reading the network or sending a
 * request: they must be fast and must not block. The pool keeps its own recent summary
 * of the same durations in each destination's snapshot, listener or not.
 */
public interface PoolEventListener {

	/**
	 * A duration was recorded.
	 * @param destination the destination, {@code scheme://host:port}
	 * @param protocol what the destination's connections speak
	 * @param timer what was timed
	 * @param nanos how long it took, in nanoseconds
	 */
	default void durationRecorded(String destination, WireProtocol protocol, PoolTimer timer, long nanos) {
	}

}
