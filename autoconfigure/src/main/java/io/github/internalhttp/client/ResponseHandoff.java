package io.github.internalhttp.client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.jspecify.annotations.Nullable;

/**
 * Hands a response over to the calling thread once: whole, with its body, when the server
 * declares a small body, or as soon as its headers are in, with a stream of the body,
 * when the body is large or of unknown length.
 * <p>
 * A caller woken for the headers, again for the body and again for the end of the
 * exchange pays up to three thread hand-offs per request; under load these cost more
 * than the exchange itself, and small bodies are by far the most common between
 * services. A whole response is handed over from {@link #onComplete(Result)}, when its
 * connection is back in the pool, so the caller's next request finds it free.
 * <p>
 * The wait covers the response headers only ({@link #expire()} ends it at the deadline):
 * if they are in when it ends but the body is still coming, the caller gets the body as a
 * stream, as it would have for a large one.
 * A failure after the headers likewise reaches the caller as it reads the body, never
 * as a failure of the request, which the server has processed.
 */
final class ResponseHandoff implements Response.Listener {

	private final int bufferLimit;

	private final CompletableFuture<ReceivedResponse> received = new CompletableFuture<>();

	private @Nullable Response response;

	private byte[] buffer = new byte[0];

	private int length;

	private @Nullable Throwable responseFailure;

	/** Set once the body streams; from then on every event goes to it. */
	private @Nullable ReleasingResponseListener stream;

	/**
	 * A listener that hands over bodies of up to {@code bufferLimit} bytes whole.
	 * @param bufferLimit the largest body handed over whole
	 */
	ResponseHandoff(int bufferLimit) {
		if (bufferLimit < 0) {
			throw new IllegalArgumentException("bufferLimit must not be negative but was " + bufferLimit);
		}
		this.bufferLimit = bufferLimit;
	}

	/**
	 * Wait for the response without a timeout of the caller's own: the deadline comes
	 * from {@link #expire()}, which {@link ResponseTimeouts} calls.
	 * @return the response
	 * @throws ExecutionException if the exchange failed before the headers, or with a
	 * {@link HeadersTimeoutException} if no headers came by the deadline
	 * @throws InterruptedException if the caller was interrupted
	 */
	ReceivedResponse await() throws InterruptedException, ExecutionException {
		return this.received.get();
	}

	/**
	 * The deadline for the headers has passed: if they are in, the caller gets them with
	 * a stream of the body, as it gets a large one; otherwise the wait
	 * fails with a {@link HeadersTimeoutException}.
	 */
	void expire() {
		synchronized (this) {
			if (this.received.isDone()) {
				return;
			}
			if (this.response != null && this.stream == null) {
				this.received.complete(startStreaming());
				return;
			}
		}
		this.received.completeExceptionally(new HeadersTimeoutException());
	}

	@Override
	public synchronized void onHeaders(Response response) {
		this.response = response;
		long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
		if (hasNoBody(response)) {
			return;
		}
		if (declared < 0 || declared > this.bufferLimit) {
			this.received.complete(startStreaming());
		}
		else {
			this.buffer = new byte[(int) declared];
		}
	}

	@Override
	public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
		synchronized (this) {
			ReleasingResponseListener stream = this.stream;
			if (stream != null) {
				stream.onContent(response, chunk, demander);
				return;
			}
			append(chunk.getByteBuffer());
			if (this.length > this.bufferLimit) {
				this.received.complete(startStreaming());
			}
		}
		demander.run();
	}

	@Override
	public synchronized void onSuccess(Response response) {
		if (this.stream != null) {
			this.stream.onSuccess(response);
		}
	}

	@Override
	public synchronized void onFailure(Response response, Throwable failure) {
		if (this.stream != null) {
			this.stream.onFailure(response, failure);
		}
		else if (this.responseFailure == null) {
			this.responseFailure = failure;
		}
	}

	@Override
	public synchronized void onComplete(Result result) {
		if (this.stream == null) {
			if (result.isSucceeded()) {
				this.received.complete(new ReceivedResponse(result.getResponse(),
						new ByteArrayInputStream(this.buffer, 0, this.length), null));
				return;
			}
			if (this.response == null) {
				// The response's own failure says best what happened to the exchange (the
				// request's may only echo it), as with Jetty's InputStreamResponseListener.
				this.received.completeExceptionally(
						(this.responseFailure != null) ? this.responseFailure : result.getFailure());
				return;
			}
			// Failed after the headers: the body fails as the caller reads it.
			this.received.complete(startStreaming());
		}
		this.stream.onComplete(result);
	}

	/** With the lock held: from now on the body streams. */
	private ReceivedResponse startStreaming() {
		Response response = this.response;
		ReleasingResponseListener stream = new ReleasingResponseListener();
		stream.onHeaders(response);
		if (this.length > 0) {
			stream.onContent(response, Content.Chunk.from(ByteBuffer.wrap(this.buffer, 0, this.length), false), () -> {
			});
		}
		this.stream = stream;
		return new ReceivedResponse(response, stream.getInputStream(), stream);
	}

	private void append(ByteBuffer content) {
		int remaining = content.remaining();
		if (this.length + remaining > this.buffer.length) {
			// Only when the body outgrows its declared length, as a decoded body may.
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.length + remaining, 2 * this.buffer.length));
		}
		content.get(this.buffer, this.length, remaining);
		this.length += remaining;
	}

	private static boolean hasNoBody(Response response) {
		int status = response.getStatus();
		return HttpMethod.HEAD.is(response.getRequest().getMethod()) || status == HttpStatus.NO_CONTENT_204
				|| status == HttpStatus.NOT_MODIFIED_304 || HttpStatus.isInformational(status);
	}

	/**
	 * No response headers by the deadline: the request's own timeout, told apart from
	 * Jetty's timeouts (an idle connection), which are {@link TimeoutException}s too.
	 */
	static final class HeadersTimeoutException extends TimeoutException {

		HeadersTimeoutException() {
			super("No response headers by the deadline");
		}

	}

	/**
	 * A response handed over to the caller.
	 * @param response the response, its headers in
	 * @param body the body: whole, or streaming
	 * @param stream the listener the body streams from, or {@code null} when it is whole
	 */
	record ReceivedResponse(Response response, InputStream body, @Nullable ReleasingResponseListener stream) {

	}

}
