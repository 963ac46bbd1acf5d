package io.github.internalhttp.client;

import java.nio.ByteBuffer;

import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;

/**
 * Streams the response body to the caller, accepting small bodies at once, and signals
 * the end of the body only once the exchange is complete and its connection back in the
 * pool.
 * <p>
 * Jetty delivers content on demand: an exchange completes only when the caller has read
 * its body. A service-to-service response is usually small, and holding its stream open
 * until the caller reads it keeps a stream slot busy for nothing, and loses the response
 * if the server closes the connection in between (after a GOAWAY, Jetty aborts the
 * exchanges still open). The first {@value #EAGER_BYTES} bytes of a body are therefore
 * copied and acknowledged as they arrive; larger bodies stream with back-pressure beyond
 * that.
 * <p>
 * Jetty also notifies a response's success before it releases the connection. A caller
 * that read the body to its end and sent the next request at once would find the
 * connection still busy and dial another, so the end of the body is signalled in
 * {@link #onComplete(Result)}.
 */
final class ReleasingResponseListener extends InputStreamResponseListener {

	static final int EAGER_BYTES = 256 * 1024;

	private long acceptedEagerly;

	@Override
	public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
		int size = chunk.remaining();
		if (size == 0 || this.acceptedEagerly + size > EAGER_BYTES) {
			super.onContent(response, chunk, demander);
			return;
		}
		this.acceptedEagerly += size;
		// The chunk's buffer belongs to the connection: keep a copy and ask for more now.
		ByteBuffer copy = ByteBuffer.allocate(size);
		copy.put(chunk.getByteBuffer().slice()).flip();
		super.onContent(response, Content.Chunk.from(copy, chunk.isLast()), () -> {
		});
		demander.run();
	}

	@Override
	public void onSuccess(Response response) {
		// The end of the body is signalled in onComplete().
	}

	@Override
	public void onComplete(Result result) {
		if (result.isSucceeded()) {
			super.onSuccess(result.getResponse());
		}
		super.onComplete(result);
	}

}
