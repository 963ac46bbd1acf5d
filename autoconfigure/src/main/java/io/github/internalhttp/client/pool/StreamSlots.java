package io.github.internalhttp.client.pool;

import java.util.function.ToIntFunction;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;

/**
 * How many requests a pooled connection may carry at once: for HTTP/2 the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS as the connection knows it now, capped by the client's
 * limit; for HTTP/1.1 one.
 */
final class StreamSlots implements ToIntFunction<Connection> {

	/** The client's cap on streams per HTTP/2 connection, 0 for none. */
	private final int maxStreamsCap;

	StreamSlots(int maxStreamsCap) {
		if (maxStreamsCap < 0) {
			throw new IllegalArgumentException("maxStreamsCap must not be negative but was " + maxStreamsCap);
		}
		this.maxStreamsCap = maxStreamsCap;
	}

	@Override
	public int applyAsInt(Connection connection) {
		if (connection instanceof ConnectionPool.MaxMultiplexable multiplexable) {
			int serverLimit = multiplexable.getMaxMultiplex();
			if (serverLimit <= 0) {
				// No SETTINGS_MAX_CONCURRENT_STREAMS: the server sets no limit.
				serverLimit = Integer.MAX_VALUE;
			}
			return (this.maxStreamsCap > 0) ? Math.min(serverLimit, this.maxStreamsCap) : serverLimit;
		}
		return 1;
	}

}
