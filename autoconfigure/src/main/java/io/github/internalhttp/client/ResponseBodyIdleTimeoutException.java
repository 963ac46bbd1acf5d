package io.github.internalhttp.client;

import java.io.IOException;
import java.time.Duration;

/**
 * A streamed response body was neither read nor closed for longer than
 * {@code internal.http.client.response-body-idle-timeout}, so its exchange was aborted:
 * over HTTP/2 its stream was reset with CANCEL and its flow-control window returned to
 * the connection, over HTTP/1.1 its connection was closed. The caller sees it on its next
 * read of the body; the response's status and headers stay readable.
 */
public class ResponseBodyIdleTimeoutException extends IOException {

	/** The property that sets the bound. */
	static final String PROPERTY = "internal.http.client.response-body-idle-timeout";

	private final String destination;

	public ResponseBodyIdleTimeoutException(String destination, Duration idleTimeout) {
		super("The response body from " + destination + " was neither read nor closed for " + idleTimeout + " ("
				+ PROPERTY + "), so the exchange was aborted to free its share of the connection for other "
				+ "requests; read or close response bodies promptly, or raise the property");
		this.destination = destination;
	}

	/**
	 * The destination the response came from.
	 * @return {@code scheme://host:port}
	 */
	public String getDestination() {
		return this.destination;
	}

}
