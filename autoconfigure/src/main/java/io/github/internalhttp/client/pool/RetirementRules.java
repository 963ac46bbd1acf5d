package io.github.internalhttp.client.pool;

/**
 * When a pooled connection stops taking new requests: its server is going away, it is
 * past its maximum age, it carried the most requests a connection may, as the client's
 * {@link ConnectionLifecycle} says, or its address is no longer listed for its host name.
 * <p>
 * Requests are counted as they are sent rather than by Jetty's maximum usage, which
 * counts every time the pool hands the connection out, including those that find no
 * request left to send (a release and a new request racing for the queue), and so
 * retires connections early. Age is judged here too rather than by Jetty's maximum
 * duration, so that each connection can retire at its own jittered age, on the
 * lifecycle's clock.
 */
final class RetirementRules {

	/** The client's connection lifecycle. */
	private final ConnectionLifecycle lifecycle;

	RetirementRules(ConnectionLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	/**
	 * When a connection opened now retires for age.
	 * @return the time, on the lifecycle's scale, or {@link Long#MAX_VALUE} for never
	 */
	long retireAt() {
		return this.lifecycle.retireAt();
	}

	/**
	 * Whether a connection takes no new request.
	 * @param connection a connection of the pool
	 * @return whether it has retired
	 */
	boolean isRetired(TrackedConnection connection) {
		return connection.isGoingAway() || connection.isUsedUp() || connection.isDrained()
				|| this.lifecycle.isRetired(connection.retireAt());
	}

	/**
	 * Whether requests must be counted: a maximum of requests per connection is set.
	 * @return whether {@link #requestSent(TrackedConnection)} must be called
	 */
	boolean countsRequests() {
		return this.lifecycle.maxRequestsPerConnection() > 0;
	}

	/**
	 * Count a request sent on a connection, which retires it once it has carried the
	 * most requests a connection may.
	 * @param connection a connection of the pool
	 */
	void requestSent(TrackedConnection connection) {
		int max = this.lifecycle.maxRequestsPerConnection();
		if (max > 0 && connection.requestSent() >= max) {
			connection.usedUp();
		}
	}

}
