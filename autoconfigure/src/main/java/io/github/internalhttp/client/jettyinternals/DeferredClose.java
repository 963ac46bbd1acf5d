package io.github.internalhttp.client.jettyinternals;

import org.eclipse.jetty.client.Connection;

/**
 * A connection pool that closes a connection its server closed only once the
 * connection's last exchange is released, so that responses already received in full
 * still reach their callers. {@link GracefulHttp2} asks the pool of a destination that
 * implements it.
 */
public interface DeferredClose {

	/**
	 * Retire a connection whose server closed the session: it takes no new request, and
	 * the release of its last exchange closes it.
	 * @param connection a connection of the pool
	 * @return whether the connection still carries exchanges and will be closed later;
	 * {@code false} when the caller should close it now
	 */
	boolean closeWhenReleased(Connection connection);

}
