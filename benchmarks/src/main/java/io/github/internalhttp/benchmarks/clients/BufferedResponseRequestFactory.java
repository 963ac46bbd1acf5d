package io.github.internalhttp.benchmarks.clients;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.internalhttp.client.InternalHttpClient;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.support.JettyHeadersAdapter;

/**
 * A prototype, for measurement only: a request factory over the starter's client that
 * waits once for the whole response (headers and a body of at most
 * {@code maxBodyBytes}, buffered by Jetty) instead of returning at the headers and
 * handing the body over through {@code InputStreamResponseListener}. Bodies over the
 * limit fail here; a real implementation would switch to streaming for them.
 */
public final class BufferedResponseRequestFactory implements ClientHttpRequestFactory {

	private final InternalHttpClient client;

	private final Duration timeout;

	private final int maxBodyBytes;

	public BufferedResponseRequestFactory(InternalHttpClient client, Duration timeout, int maxBodyBytes) {
		this.client = client;
		this.timeout = timeout;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new BufferedRequest(this.client.newRequest(uri).method(httpMethod.name()));
	}

	private final class BufferedRequest extends AbstractBufferingClientHttpRequest {

		private final Request request;

		BufferedRequest(Request request) {
			this.request = request;
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
			if (!headers.isEmpty()) {
				this.request.headers((fields) -> headers.forEach((name, values) -> {
					if (!HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
						values.forEach((value) -> fields.add(name, value));
					}
				}));
			}
			if (body.length > 0) {
				MediaType type = headers.getContentType();
				this.request.body(new BytesRequestContent((type != null) ? type.toString() : null, body));
			}
			this.request.timeout(BufferedResponseRequestFactory.this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			try {
				ContentResponse response = new CompletableResponseListener(this.request,
						BufferedResponseRequestFactory.this.maxBodyBytes)
					.send()
					.get();
				return new BufferedResponse(response);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.request.abort(ex);
				throw new InterruptedIOException("Interrupted");
			}
			catch (ExecutionException ex) {
				Throwable cause = ex.getCause();
				if (cause instanceof TimeoutException) {
					throw new SocketTimeoutException(cause.getMessage());
				}
				throw (cause instanceof IOException io) ? io : new IOException(cause);
			}
		}

	}

	private static final class BufferedResponse implements ClientHttpResponse {

		private final ContentResponse response;

		private final HttpHeaders headers;

		private final InputStream body;

		BufferedResponse(ContentResponse response) {
			this.response = response;
			this.headers = HttpHeaders.readOnlyHttpHeaders(new JettyHeadersAdapter(response.getHeaders()));
			this.body = new ByteArrayInputStream(response.getContent());
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
		}

	}

}
