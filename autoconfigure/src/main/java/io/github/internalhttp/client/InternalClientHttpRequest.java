package io.github.internalhttp.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.FastByteArrayOutputStream;

/**
 * A request on the shared pool. The body is buffered, so that a request the server did
 * not process can be sent again on another connection, as {@link RetryPolicy} decides.
 * A response with a small body reaches the caller whole; a larger one streams.
 * <p>
 * Most requests between services have no body (a GET): the buffer is created only when
 * the caller writes a body, and no {@code Content-Length} header is added to the
 * caller's headers for none, where Spring's {@code AbstractBufferingClientHttpRequest}
 * allocates a buffer and sets {@code Content-Length: 0} on every request, which costs a
 * case-insensitive header put per request.
 */
final class InternalClientHttpRequest extends AbstractClientHttpRequest {

	private static final byte[] NO_BODY = new byte[0];

	/** Response bodies up to this size reach the caller whole, in one hand-off. */
	static final int WHOLE_BODY_LIMIT = ReleasingResponseListener.EAGER_BYTES;

	private final InternalHttpClient client;

	private final URI uri;

	private final HttpMethod method;

	private final Duration responseTimeout;

	private final @Nullable Boolean followRedirects;

	/** The body written so far; {@code null} until the caller asks for the body stream. */
	private @Nullable FastByteArrayOutputStream body;

	InternalClientHttpRequest(InternalHttpClient client, URI uri, HttpMethod method, Duration responseTimeout,
			@Nullable Boolean followRedirects) {
		this.client = client;
		this.uri = uri;
		this.method = method;
		this.responseTimeout = responseTimeout;
		this.followRedirects = followRedirects;
	}

	@Override
	public HttpMethod getMethod() {
		return this.method;
	}

	@Override
	public URI getURI() {
		return this.uri;
	}

	@Override
	protected OutputStream getBodyInternal(HttpHeaders headers) {
		FastByteArrayOutputStream body = this.body;
		if (body == null) {
			body = new FastByteArrayOutputStream(1024);
			this.body = body;
		}
		return body;
	}

	@Override
	protected ClientHttpResponse executeInternal(HttpHeaders headers) throws IOException {
		FastByteArrayOutputStream body = this.body;
		return executeInternal(headers, (body != null && body.size() > 0) ? body.toByteArrayUnsafe() : NO_BODY);
	}

	private ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
		long deadline = System.nanoTime() + this.responseTimeout.toNanos();
		for (int retries = 0;; retries++) {
			Request request = newRequest(headers, body);
			ResponseHandoff listener = new ResponseHandoff(WHOLE_BODY_LIMIT);
			Scheduler.Task acquireTimeout = scheduleAcquireTimeout(request);
			// One timer for every request's deadline rather than a timed wait per caller.
			ResponseTimeouts.Waiting waiting = this.client.responseTimeouts().expireAt(listener, deadline);
			request.send(listener);
			try {
				ResponseHandoff.ReceivedResponse received = listener.await();
				return new InternalClientHttpResponse(received, this.client.scheduler(),
						this.client.getSettings().responseBodyIdleTimeout());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				InterruptedIOException interrupted = new InterruptedIOException(
						"Interrupted while waiting for " + destination());
				request.abort(interrupted);
				throw interrupted;
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof ResponseHandoff.HeadersTimeoutException) {
					SocketTimeoutException timeout = new SocketTimeoutException(
							"No response headers from " + destination() + " within " + this.responseTimeout);
					request.abort(timeout);
					throw timeout;
				}
				Throwable failure = RequestFailures.describe(request, ex.getCause(),
						this.client.getSettings().maxResponseHeadersSize());
				String reason = RetryPolicy.reasonToRetry(this.method, failure, retries);
				if (reason == null) {
					throw RequestFailures.translate(destination(), failure,
							this.client.getSettings().maxResponseHeadersSize());
				}
				if (RetryPolicy.HTTP_1_1_REQUIRED.equals(reason)) {
					this.client.transport().downgradeToHttp1(request);
				}
				this.client.transport().recordRetry(request, reason);
			}
			finally {
				waiting.done();
				if (acquireTimeout != null) {
					acquireTimeout.cancel();
				}
			}
		}
	}

	private Request newRequest(HttpHeaders headers, byte[] body) {
		Request request = this.client.newRequest(this.uri).method(this.method.name());
		if (this.followRedirects != null) {
			request.followRedirects(this.followRedirects);
		}
		if (!headers.isEmpty()) {
			request.headers((fields) -> copyHeaders(headers, fields));
		}
		if (body.length > 0) {
			MediaType contentType = headers.getContentType();
			request.body(new BytesRequestContent((contentType != null) ? contentType.toString() : null, body));
		}
		else if (requiresContentLength(this.method)) {
			// Servers may answer 411 to a POST without a length; Jetty adds none for no body.
			request.headers((fields) -> fields.put(HttpHeaders.CONTENT_LENGTH, "0"));
		}
		return request;
	}

	/**
	 * Fail the request if it still waits for a connection or a stream when the acquire
	 * timeout expires. Jetty has no such timeout: its request timeout covers the whole
	 * exchange.
	 */
	private Scheduler.@Nullable Task scheduleAcquireTimeout(Request request) {
		Duration acquireTimeout = this.client.getSettings().pool().acquireTimeout();
		if (acquireTimeout == null) {
			return null;
		}
		String destination = destination();
		AtomicBoolean begun = new AtomicBoolean();
		request.onRequestBegin((begin) -> begun.set(true));
		return this.client.scheduler().schedule(() -> {
			if (!begun.get()) {
				request.abort(new RequestRejectedException(destination, "Request to " + destination
						+ " waited longer than " + acquireTimeout + " for a connection (internal.http.client.pool."
						+ "acquire-timeout); every connection is busy and the pool is at its limit", null));
			}
		}, acquireTimeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * The destination's name, for failure messages only: built when needed rather than
	 * on every request.
	 */
	private String destination() {
		return RequestFailures.destination(this.uri);
	}

	private static void copyHeaders(HttpHeaders headers, HttpFields.Mutable fields) {
		headers.forEach((name, values) -> {
			// Jetty derives the length from the buffered body.
			if (!HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				for (String value : values) {
					fields.add(name, value);
				}
			}
		});
	}

	private static boolean requiresContentLength(HttpMethod method) {
		return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
	}

}
