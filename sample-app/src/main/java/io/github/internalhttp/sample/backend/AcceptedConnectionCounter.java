package io.github.internalhttp.sample.backend;

import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.io.SelectorManager;

/**
 * Counts the TCP connections a connector accepts.
 * <p>
 * It listens to accepts rather than to {@link org.eclipse.jetty.io.Connection} opens: on
 * a connector serving HTTP/1.1 and h2c, an h2c prior-knowledge connection opens as an
 * HTTP/1.1 connection that is then upgraded, so each TCP connection would count twice.
 */
final class AcceptedConnectionCounter implements SelectorManager.AcceptListener {

	private final LongAdder accepted = new LongAdder();

	@Override
	public void onAccepted(SelectableChannel channel) {
		this.accepted.increment();
	}

	long get() {
		return this.accepted.sum();
	}

}
