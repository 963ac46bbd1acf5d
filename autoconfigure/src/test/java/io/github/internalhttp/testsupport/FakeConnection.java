package io.github.internalhttp.testsupport;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.Attachable;

/**
 * A pooled connection that needs no network: it carries up to a number of requests at
 * once, as an HTTP/2 connection tells its pool, and sends nothing.
 */
public final class FakeConnection implements Connection, Attachable, ConnectionPool.MaxMultiplexable {

	private final int maxMultiplex;

	private Object attachment;

	private volatile boolean closed;

	/**
	 * A connection carrying up to a number of requests at once.
	 * @param maxMultiplex the requests it carries at once
	 */
	public FakeConnection(int maxMultiplex) {
		this.maxMultiplex = maxMultiplex;
	}

	@Override
	public int getMaxMultiplex() {
		return this.maxMultiplex;
	}

	@Override
	public void send(Request request, Response.CompleteListener listener) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void close() {
		this.closed = true;
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void setAttachment(Object attachment) {
		this.attachment = attachment;
	}

	@Override
	public Object getAttachment() {
		return this.attachment;
	}

}
