package io.github.internalhttp.client.pool;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.util.Promise;

/**
 * A destination that records the outcome of every attempt to open a connection, so that
 * failed dials are visible in the pool's statistics.
 */
class TrackedDestination extends HttpDestination {

	private final DestinationStats stats;

	TrackedDestination(HttpClient client, Origin origin, DestinationStats stats) {
		super(client, origin);
		this.stats = stats;
	}

	DestinationStats getStats() {
		return this.stats;
	}

	@Override
	public void newConnection(Promise<Connection> promise) {
		super.newConnection(new Promise.Wrapper<>(promise) {

			@Override
			public void failed(Throwable failure) {
				TrackedDestination.this.stats.connectFailed(failure);
				super.failed(failure);
			}

		});
	}

}
