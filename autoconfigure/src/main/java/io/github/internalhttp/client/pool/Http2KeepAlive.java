package io.github.internalhttp.client.pool;

import java.util.concurrent.TimeUnit;

import io.github.internalhttp.client.jettyinternals.Http2Sessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * Finds dead HTTP/2 peers before a request does. Every PING interval, each HTTP/2
 * connection that received no frame since the previous round is sent a PING; if still
 * nothing arrives within the PING timeout, the connection is evicted from its pool and
 * closed. A connection that receives frames is alive and costs no PING.
 * <p>
 * A bean of the Jetty client, it runs on the client's scheduler from the client's start
 * to its stop.
 */
final class Http2KeepAlive extends AbstractLifeCycle implements Runnable {

	private static final Log logger = LogFactory.getLog(Http2KeepAlive.class);

	private final HttpClient client;

	private final ConnectionLifecycle lifecycle;

	private volatile Scheduler.@Nullable Task task;

	Http2KeepAlive(HttpClient client, ConnectionLifecycle lifecycle) {
		this.client = client;
		this.lifecycle = lifecycle;
	}

	@Override
	protected void doStart() {
		scheduleNextRound();
	}

	@Override
	protected void doStop() {
		Scheduler.Task task = this.task;
		if (task != null) {
			task.cancel();
		}
	}

	@Override
	public void run() {
		try {
			for (Destination destination : this.client.getDestinations()) {
				ConnectionPool pool = destination.getConnectionPool();
				if (pool instanceof StreamAwareConnectionPool streamAware) {
					check(streamAware);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("HTTP/2 keep-alive round failed", ex);
		}
		finally {
			scheduleNextRound();
		}
	}

	private void scheduleNextRound() {
		if (isStarting() || isRunning()) {
			this.task = this.client.getScheduler()
				.schedule(this, this.lifecycle.pingIntervalNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void check(StreamAwareConnectionPool pool) {
		for (TrackedConnection tracked : pool.getTrackedConnections()) {
			Session session = Http2Sessions.sessionOf(tracked.connection());
			if (session != null && !session.isClosed() && tracked.liveness().needsPing()) {
				ping(pool, tracked, session);
			}
		}
	}

	private void ping(StreamAwareConnectionPool pool, TrackedConnection tracked, Session session) {
		PeerLiveness liveness = tracked.liveness();
		long framesBefore = liveness.framesReceived();
		session.ping(new PingFrame(false), Callback.NOOP);
		this.client.getScheduler().schedule(() -> {
			if (liveness.framesReceived() == framesBefore && !session.isClosed()) {
				if (logger.isDebugEnabled()) {
					logger.debug("Evicting " + tracked.connection() + ": no answer to a PING within "
							+ TimeUnit.NANOSECONDS.toMillis(this.lifecycle.pingTimeoutNanos()) + " ms");
				}
				pool.evict(tracked.connection());
			}
			liveness.pingSettled();
		}, this.lifecycle.pingTimeoutNanos(), TimeUnit.NANOSECONDS);
	}

}
