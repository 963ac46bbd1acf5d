package io.github.internalhttp.client;

import java.io.IOException;
import java.time.Duration;

/**
 * A streamed response body was neither read nor closed for longer than
 * {@code internal.http.client.response-body-idle-timeout}, so it was taken from its
 * caller: drained, which returns its HTTP/2 flow-control window to the connection, or,
 * when too large to drain, aborted (HTTP/2 stream reset with CANCEL, HTTP/1.1 connection
 * closed). The caller sees it on its next read of the body; the response's status and
 * headers stay readable.
 */
public class ResponseBodyIdleTimeoutException extends IOException {

	/** The property that sets the bound. */
	static final String PROPERTY = "internal.http.client.response-body-idle-timeout";

	private final String destination;

	public ResponseBodyIdleTimeoutException(String destination, Duration idleTimeout) {
		super("The response body from " + destination + " was neither read nor closed for " + idleTimeout + " ("
				+ PROPERTY + "), so it was discarded to free its share of the connection for other requests; "
				+ "read or close response bodies promptly, or raise the property");
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
