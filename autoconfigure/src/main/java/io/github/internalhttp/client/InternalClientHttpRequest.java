package io.github.internalhttp.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A request on the shared pool. The body is buffered, so a request the server never
 * processed can be sent again on another connection; the response body is streamed.
 */
final class InternalClientHttpRequest extends AbstractBufferingClientHttpRequest {

	private final Request request;

	private final Duration responseTimeout;

	InternalClientHttpRequest(Request request, Duration responseTimeout) {
		this.request = request;
		this.responseTimeout = responseTimeout;
	}

	@Override
	public HttpMethod getMethod() {
		return HttpMethod.valueOf(this.request.getMethod());
	}

	@Override
	public URI getURI() {
		return this.request.getURI();
	}

	@Override
	protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
		this.request.headers((fields) -> copyHeaders(headers, fields));
		if (body.length > 0) {
			MediaType contentType = headers.getContentType();
			this.request.body(new BytesRequestContent((contentType != null) ? contentType.toString() : null, body));
		}
		else if (requiresContentLength(getMethod())) {
			// Servers may answer 411 to a POST without a length; Jetty adds none for no body.
			this.request.headers((fields) -> fields.put(HttpHeaders.CONTENT_LENGTH, "0"));
		}
		InputStreamResponseListener listener = new ReleasingResponseListener();
		this.request.send(listener);
		String destination = RequestFailures.destination(this.request);
		try {
			Response response = listener.get(this.responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
			return new InternalClientHttpResponse(response, listener);
		}
		catch (TimeoutException ex) {
			SocketTimeoutException timeout = new SocketTimeoutException(
					"No response headers from " + destination + " within " + this.responseTimeout);
			this.request.abort(timeout);
			throw timeout;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			InterruptedIOException interrupted = new InterruptedIOException(
					"Interrupted while waiting for " + destination);
			this.request.abort(interrupted);
			throw interrupted;
		}
		catch (ExecutionException ex) {
			throw RequestFailures.translate(destination, ex.getCause());
		}
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
