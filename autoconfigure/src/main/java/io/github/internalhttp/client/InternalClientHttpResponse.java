package io.github.internalhttp.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.support.JettyHeadersAdapter;

/**
 * A response received whole, or whose body streams from the connection as the caller
 * reads it.
 * <p>
 * For a streaming body, callers often stop reading once they have {@code Content-Length} bytes, without
 * waiting for the end of the stream, and close the response. Closing then waits, briefly,
 * for the exchange to complete, so that its connection is back in the pool before the
 * caller's next request looks for one: otherwise that request would dial a new
 * connection while the old one is about to become idle.
 * <p>
 * Callers also close responses whose body they never read, as
 * {@code toBodilessEntity()} does. Aborting such an exchange would cost an HTTP/1.1
 * connection, or an HTTP/2 stream reset that servers count against rapid-reset limits, so
 * closing first reads and discards a small remainder of the body, within a short time
 * budget, and aborts only what is larger or slower.
 * <p>
 * A caller may also do neither: keep a streamed response, unread and unclosed. Over
 * HTTP/2 its undelivered body then holds the connection's flow-control window, which
 * every other stream of the connection shares, and a stream slot; a few such responses
 * stall everyone else's bodies on that connection. A streamed body that has had no read in
 * progress for the body idle timeout is therefore taken from its caller: what was
 * delivered is drained, which returns the window, and the rest is received and dropped,
 * so that the exchange ends as usual, without a stream reset (servers count resets
 * against their rapid-reset limits, and answer too many with a GOAWAY that fails every
 * request on the connection). A rest larger than
 * {@value ReleasingResponseListener#DISCARD_LIMIT} bytes is aborted: its stream reset with
 * CANCEL (HTTP/2) or its connection closed (HTTP/1.1); a rest that stops coming is
 * bounded by the connection idle timeout, as any body is. Either way the caller's next read fails with a
 * {@link ResponseBodyIdleTimeoutException}. A caller blocked in a read waits for the
 * server, not the other way round, and is never cut by this.
 */
final class InternalClientHttpResponse implements ClientHttpResponse {

	private static final long COMPLETION_WAIT_MS = 1000;

	private static final int DRAIN_LIMIT_BYTES = 64 * 1024;

	private static final long DRAIN_BUDGET_MS = 100;

	private final Response response;

	private final @Nullable ReleasingResponseListener listener;

	private final CountingInputStream body;

	private final HttpHeaders headers;

	private final Scheduler scheduler;

	private final @Nullable BodyIdleWatch idleWatch;

	/**
	 * A response handed over to the caller.
	 * @param received the response, whole or streaming
	 * @param scheduler the client's scheduler
	 * @param bodyIdleTimeout how long a streamed body may go unread and unclosed before
	 * its exchange is aborted
	 */
	InternalClientHttpResponse(ResponseHandoff.ReceivedResponse received, Scheduler scheduler,
			Duration bodyIdleTimeout) {
		this.response = received.response();
		this.scheduler = scheduler;
		this.listener = received.stream();
		this.body = new CountingInputStream(received.body());
		this.headers = HttpHeaders.readOnlyHttpHeaders(new JettyHeadersAdapter(this.response.getHeaders()));
		this.idleWatch = (this.listener != null) ? new BodyIdleWatch(bodyIdleTimeout) : null;
	}

	@Override
	public HttpStatusCode getStatusCode() {
		return HttpStatusCode.valueOf(this.response.getStatus());
	}

	@Override
	public String getStatusText() {
		String reason = this.response.getReason();
		return (reason != null) ? reason : "";
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

	@Override
	public InputStream getBody() {
		return this.body;
	}

	@Override
	public void close() {
		ReleasingResponseListener listener = this.listener;
		if (listener == null) {
			// Received whole: the exchange is over and its connection back in the pool.
			return;
		}
		if (this.idleWatch != null) {
			this.idleWatch.stop();
		}
		if (!bodyFullyRead()) {
			drainSmallRemainder();
		}
		try {
			if (bodyFullyRead()) {
				listener.await(COMPLETION_WAIT_MS, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// The exchange did not complete in time: closing aborts it.
		}
		// Closing before the end aborts the exchange, so the connection is not reused
		// with unread bytes on it.
		closeBody();
	}

	private void drainSmallRemainder() {
		long contentLength = this.headers.getContentLength();
		if (contentLength >= 0 && contentLength - this.body.count > DRAIN_LIMIT_BYTES) {
			return;
		}
		// A slow server must not hold the caller: past the budget, closing the stream
		// wakes the blocked read and the exchange is aborted.
		Scheduler.Task budget = this.scheduler.schedule(this::closeBody, DRAIN_BUDGET_MS, TimeUnit.MILLISECONDS);
		try {
			byte[] discard = new byte[8192];
			long limit = this.body.count + DRAIN_LIMIT_BYTES;
			while (!bodyFullyRead() && this.body.count < limit) {
				if (this.body.read(discard, 0, discard.length) < 0) {
					break;
				}
			}
		}
		catch (IOException ex) {
			// Aborted by the budget or by the server: nothing to reuse.
		}
		finally {
			budget.cancel();
		}
	}

	private void closeBody() {
		try {
			this.body.close();
		}
		catch (IOException ex) {
			// Nothing left to release.
		}
	}

	private boolean bodyFullyRead() {
		int status = this.response.getStatus();
		if (HttpMethod.HEAD.is(this.response.getRequest().getMethod()) || status == HttpStatus.NO_CONTENT_204
				|| status == HttpStatus.NOT_MODIFIED_304) {
			return true;
		}
		long contentLength = this.headers.getContentLength();
		return this.body.endReached || (contentLength >= 0 && this.body.count >= contentLength);
	}

	/**
	 * Aborts the exchange of a streamed body that has had no read in progress for the idle
	 * timeout. One scheduled task per response, rescheduled for the rest of the timeout
	 * when a read happened meanwhile; reads only record their time.
	 */
	private final class BodyIdleWatch implements Runnable {

		private final Duration timeout;

		private volatile boolean stopped;

		private volatile Scheduler.@Nullable Task task;

		private volatile @Nullable ResponseBodyIdleTimeoutException expiry;

		BodyIdleWatch(Duration timeout) {
			this.timeout = timeout;
			schedule(timeout.toNanos());
		}

		private void schedule(long delayNanos) {
			this.task = InternalClientHttpResponse.this.scheduler.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
		}

		void stop() {
			this.stopped = true;
			Scheduler.Task task = this.task;
			if (task != null) {
				task.cancel();
			}
		}

		@Override
		public void run() {
			CountingInputStream body = InternalClientHttpResponse.this.body;
			ReleasingResponseListener listener = InternalClientHttpResponse.this.listener;
			if (this.stopped || body.endReached || listener == null || listener.isComplete()) {
				return;
			}
			if (this.expiry != null) {
				return;
			}
			long timeoutNanos = this.timeout.toNanos();
			if (body.readsInProgress > 0) {
				schedule(timeoutNanos);
				return;
			}
			long idle = System.nanoTime() - body.lastRead;
			if (idle < timeoutNanos) {
				schedule(timeoutNanos - idle);
				return;
			}
			ResponseBodyIdleTimeoutException expiry = new ResponseBodyIdleTimeoutException(
					RequestFailures.destination(InternalClientHttpResponse.this.response.getRequest().getURI()),
					this.timeout);
			this.expiry = expiry;
			listener.discard(expiry);
			try {
				body.drainDelivered(listener);
			}
			catch (IOException ex) {
				// The exchange failed meanwhile: its content is released.
			}
		}

		/** The failure to report to a read, once the body was taken from the caller. */
		@Nullable IOException expiredFailure() {
			ResponseBodyIdleTimeoutException expiry = this.expiry;
			return (expiry != null) ? new ResponseBodyIdleTimeoutException(expiry.getDestination(), this.timeout)
					: null;
		}

	}

	private final class CountingInputStream extends FilterInputStream {

		private long count;

		private boolean endReached;

		/** Changed by the one thread reading the body at a time; read by the watch. */
		private volatile int readsInProgress;

		private volatile long lastRead = System.nanoTime();

		CountingInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b;
			this.readsInProgress++;
			try {
				failIfTaken();
				b = super.read();
			}
			catch (IOException ex) {
				throw describe(ex);
			}
			finally {
				readEnded();
			}
			if (b < 0) {
				this.endReached = true;
			}
			else {
				this.count++;
			}
			return b;
		}

		private void readEnded() {
			this.lastRead = System.nanoTime();
			this.readsInProgress--;
		}

		private void failIfTaken() throws IOException {
			BodyIdleWatch watch = InternalClientHttpResponse.this.idleWatch;
			IOException expired = (watch != null) ? watch.expiredFailure() : null;
			if (expired != null) {
				throw expired;
			}
		}

		/** A failure of the exchange, told as the idle timeout's when that caused it. */
		private IOException describe(IOException failure) {
			BodyIdleWatch watch = InternalClientHttpResponse.this.idleWatch;
			IOException expired = (watch != null) ? watch.expiredFailure() : null;
			if (expired == null || expired.getClass() == failure.getClass()) {
				return failure;
			}
			expired.initCause(failure);
			return expired;
		}

		/**
		 * Read and drop what was delivered and not yet read, which never waits, so that
		 * the connection's buffers and window are released.
		 */
		void drainDelivered(ReleasingResponseListener listener) throws IOException {
			byte[] discard = new byte[8192];
			long queued;
			while ((queued = listener.delivered() - this.count) > 0) {
				int read = this.in.read(discard, 0, (int) Math.min(discard.length, queued));
				if (read < 0) {
					this.endReached = true;
					return;
				}
				this.count += read;
			}
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				// Jetty's stream waits for content even for no bytes, which would hang
				// InputStream.readNBytes(n) once it has its n bytes.
				return 0;
			}
			int read;
			this.readsInProgress++;
			try {
				failIfTaken();
				read = super.read(buffer, offset, length);
			}
			catch (IOException ex) {
				throw describe(ex);
			}
			finally {
				readEnded();
			}
			if (read < 0) {
				this.endReached = true;
			}
			else {
				this.count += read;
			}
			return read;
		}

	}

}
