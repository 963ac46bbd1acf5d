package io.github.internalhttp.client;

import java.nio.ByteBuffer;

import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;
import org.jspecify.annotations.Nullable;

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
 * <p>
 * A body its caller abandoned can be {@linkplain #discard(Throwable) discarded}: from then
 * on content is acknowledged and dropped as it arrives, so the exchange completes as
 * usual, without a stream reset, up to {@value #DISCARD_LIMIT} bytes; beyond that the
 * exchange is aborted.
 */
final class ReleasingResponseListener extends InputStreamResponseListener {

	static final int EAGER_BYTES = 256 * 1024;

	/**
	 * Most bytes of an abandoned body received and dropped before its exchange is aborted
	 * instead: enough that typical bodies end without a reset, which servers count
	 * against their rapid-reset limits, few enough that a large download is not pulled
	 * for no one.
	 */
	static final int DISCARD_LIMIT = 4 * 1024 * 1024;

	private long acceptedEagerly;

	/** Bytes handed to the caller's stream, read or not. */
	private volatile long delivered;

	/** Why the body is being discarded, once it is. */
	private volatile @Nullable Throwable discardReason;

	private long discarded;

	private volatile boolean complete;

	/**
	 * Drop the rest of the body as it arrives, acknowledging it, so that the exchange
	 * completes without its caller; the content already handed over is for the caller
	 * to drain.
	 * @param reason why, for the abort if the rest is too large
	 */
	void discard(Throwable reason) {
		this.discardReason = reason;
	}

	/**
	 * The bytes handed to the caller's stream so far: those not yet read can be read
	 * without waiting.
	 * @return the bytes delivered
	 */
	long delivered() {
		return this.delivered;
	}

	/**
	 * Whether the exchange is over, successfully or not.
	 * @return whether it completed
	 */
	boolean isComplete() {
		return this.complete;
	}

	@Override
	public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
		int size = chunk.remaining();
		Throwable discardReason = this.discardReason;
		if (discardReason != null) {
			this.discarded += size;
			if (this.discarded > DISCARD_LIMIT) {
				response.abort(discardReason);
			}
			else {
				demander.run();
			}
			return;
		}
		this.delivered += size;
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
		this.complete = true;
		if (result.isSucceeded()) {
			super.onSuccess(result.getResponse());
		}
		super.onComplete(result);
	}

}
