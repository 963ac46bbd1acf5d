package io.github.internalhttp.client.jettyinternals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.transport.HttpDestination;

/**
 * Jetty's own pool for HTTP/2, as Jetty's HTTP/2 transport creates it, that records what
 * happens to it without changing what it does: the connections created, the frames
 * they receive and the removals Jetty makes, in one sequence of events.
 */
final class RecordingPool extends MultiplexConnectionPool {

	private final HttpDestination destination;

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final List<Connection> created = new CopyOnWriteArrayList<>();

	private final List<Integer> queuedAtActivation = new CopyOnWriteArrayList<>();

	private volatile IntSupplier onRelease;

	private final List<Integer> atRelease = new CopyOnWriteArrayList<>();

	RecordingPool(Destination destination) {
		super(destination, destination.getHttpClient().getMaxConnectionsPerDestination(), 1);
		this.destination = (HttpDestination) destination;
	}

	/**
	 * What happened, in order: {@code created}, {@code frame GoAwayFrame} (or another
	 * frame type), {@code remove}.
	 * @return the events so far
	 */
	List<String> events() {
		return this.events;
	}

	List<Connection> created() {
		return this.created;
	}

	/**
	 * The destination's queued requests each time the pool handed out a connection.
	 * @return the counts, in order
	 */
	List<Integer> queuedAtActivation() {
		return this.queuedAtActivation;
	}

	/**
	 * Record a value each time a connection is given back.
	 * @param onRelease what to record
	 */
	void recordAtRelease(IntSupplier onRelease) {
		this.onRelease = onRelease;
	}

	List<Integer> atRelease() {
		return this.atRelease;
	}

	@Override
	protected void onCreated(Connection connection) {
		this.events.add("created");
		this.created.add(connection);
		Http2Sessions.onIncomingFrame(connection,
				(frame) -> this.events.add("frame " + frame.getClass().getSimpleName()));
		super.onCreated(connection);
	}

	@Override
	protected Connection activate() {
		Connection connection = super.activate();
		if (connection != null) {
			this.queuedAtActivation.add(this.destination.getQueuedRequestCount());
		}
		return connection;
	}

	@Override
	public boolean release(Connection connection) {
		IntSupplier onRelease = this.onRelease;
		if (onRelease != null) {
			this.atRelease.add(onRelease.getAsInt());
		}
		return super.release(connection);
	}

	@Override
	public boolean remove(Connection connection) {
		this.events.add("remove");
		return super.remove(connection);
	}

}
