package io.github.internalhttp.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A request on the shared pool. The body is buffered, so that a request the server did
 * not process can be sent again on another connection, as {@link RetryPolicy} decides.
 * A response with a small body reaches the caller whole; a larger one streams.
 */
final class InternalClientHttpRequest extends AbstractBufferingClientHttpRequest {

	/** Response bodies up to this size reach the caller whole, in one hand-off. */
	static final int WHOLE_BODY_LIMIT = ReleasingResponseListener.EAGER_BYTES;

	private final InternalHttpClient client;

	private final URI uri;

	private final HttpMethod method;

	private final Duration responseTimeout;

	private final @Nullable Boolean followRedirects;

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
	protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
		long deadline = System.nanoTime() + this.responseTimeout.toNanos();
		for (int retries = 0;; retries++) {
			Request request = newRequest(headers, body);
			ResponseHandoff listener = new ResponseHandoff(WHOLE_BODY_LIMIT);
			Scheduler.Task acquireTimeout = scheduleAcquireTimeout(request);
			request.send(listener);
			try {
				ResponseHandoff.ReceivedResponse received = listener.await(Math.max(0, deadline - System.nanoTime()));
				return new InternalClientHttpResponse(received, this.client.scheduler(),
						this.client.getSettings().responseBodyIdleTimeout());
			}
			catch (TimeoutException ex) {
				SocketTimeoutException timeout = new SocketTimeoutException(
						"No response headers from " + destination() + " within " + this.responseTimeout);
				request.abort(timeout);
				throw timeout;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				InterruptedIOException interrupted = new InterruptedIOException(
						"Interrupted while waiting for " + destination());
				request.abort(interrupted);
				throw interrupted;
			}
			catch (ExecutionException ex) {
				Throwable failure = RequestFailures.describe(request, ex.getCause());
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
		request.headers((fields) -> copyHeaders(headers, fields));
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
