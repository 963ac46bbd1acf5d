package io.github.internalhttp.client;

import java.io.IOException;
import java.io.InputStream;

import org.eclipse.jetty.client.Response;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.support.JettyHeadersAdapter;

/**
 * A response whose body streams from the connection as the caller reads it.
 */
final class InternalClientHttpResponse implements ClientHttpResponse {

	private final Response response;

	private final InputStream body;

	private final HttpHeaders headers;

	InternalClientHttpResponse(Response response, InputStream body) {
		this.response = response;
		this.body = body;
		this.headers = HttpHeaders.readOnlyHttpHeaders(new JettyHeadersAdapter(response.getHeaders()));
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
		try {
			// Closing before the end aborts the exchange, so the connection is not reused
			// with unread bytes on it.
			this.body.close();
		}
		catch (IOException ex) {
			// Nothing left to release.
		}
	}

}
