package io.github.internalhttp.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.client.InternalHttpClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs a metrics binder's refresh on a daemon thread of its own, every interval once
 * started, and on request. A failed refresh is logged and does not cancel the next ones;
 * {@link #stop()} ends the thread before it returns, so that no thread of the client
 * outlives the binder's close.
 */
final class PeriodicRefresh {

	private static final Log logger = LogFactory.getLog(PeriodicRefresh.class);

	private final String name;

	private final Duration interval;

	private final Runnable refresh;

	private @Nullable ScheduledExecutorService executor;

	private volatile @Nullable Thread thread;

	/**
	 * @param name what is refreshed, for the thread's name and the log
	 * @param interval how often
	 * @param refresh the refresh
	 */
	PeriodicRefresh(String name, Duration interval, Runnable refresh) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("refreshInterval must be positive but was " + interval);
		}
		this.name = name;
		this.interval = interval;
		this.refresh = refresh;
	}

	/** Start refreshing every interval, unless started already. */
	synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, InternalHttpClient.THREAD_NAME_PREFIX + "-" + this.name);
			thread.setDaemon(true);
			this.thread = thread;
			return thread;
		});
		long millis = this.interval.toMillis();
		executor.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	/**
	 * Refresh once more after a delay, off the caller's thread; nothing when not started
	 * or stopped.
	 * @param delayMillis the delay
	 */
	synchronized void soon(long delayMillis) {
		if (this.executor != null) {
			try {
				this.executor.schedule(this::refreshQuietly, delayMillis, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// Stopped meanwhile.
			}
		}
	}

	/**
	 * Stop refreshing and wait (a second at most) for the thread to end. Call it outside
	 * any lock a refresh takes, so that a refresh waiting for it can end.
	 */
	void stop() {
		ScheduledExecutorService executor;
		synchronized (this) {
			executor = this.executor;
			this.executor = null;
		}
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		try {
			executor.awaitTermination(1, TimeUnit.SECONDS);
			// A terminated executor's thread may still be finishing: wait for it too.
			Thread thread = this.thread;
			if (thread != null) {
				thread.join(TimeUnit.SECONDS.toMillis(1));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void refreshQuietly() {
		try {
			this.refresh.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh the internal HTTP client " + this.name.replace('-', ' '), ex);
		}
	}

}
