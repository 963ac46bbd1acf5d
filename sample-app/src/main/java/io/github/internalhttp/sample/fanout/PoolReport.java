package io.github.internalhttp.sample.fanout;

import io.github.internalhttp.client.DestinationSnapshot;

/**
 * The client's pool for the backend, as a fan-out reports it: names as the actuator
 * endpoint shows them.
 *
 * @param destination {@code scheme://host:port}
 * @param protocol {@code h2c} or {@code http1}
 * @param activeConnections connections carrying requests
 * @param idleConnections open connections carrying none
 * @param maxConnections the pool's connection limit
 * @param maxStreams streams allowed per connection
 * @param connectionsOpened connections opened since the application started
 */
public record PoolReport(String destination, String protocol, int activeConnections, int idleConnections,
		int maxConnections, int maxStreams, long connectionsOpened) {

	public static PoolReport of(DestinationSnapshot snapshot) {
		return new PoolReport(snapshot.destination().toString(), snapshot.protocol().tag(),
				snapshot.activeConnections(), snapshot.idleConnections(), snapshot.maxConnections(),
				snapshot.maxStreams(), snapshot.connectionsOpened());
	}

}
