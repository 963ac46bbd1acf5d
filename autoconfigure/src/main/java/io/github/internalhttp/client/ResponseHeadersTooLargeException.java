package io.github.internalhttp.client;

import java.io.IOException;

/**
 * The response headers were larger than {@code internal.http.client.max-response-headers-size}:
 * the request fails, and is not sent again, since the server processed it. Over HTTP/1.1
 * the connection closes (the rest of the response cannot be skipped reliably). Over
 * HTTP/2 the client announces its limit in SETTINGS_MAX_HEADER_LIST_SIZE; a server that
 * sends a larger header block anyway makes the client close the connection with
 * GOAWAY(PROTOCOL_ERROR), since HTTP/2 allows no further use of a connection whose HPACK
 * state was lost: every request on that connection still waiting for its response fails
 * with this exception. {@code RestClient} reports it as a
 * {@link org.springframework.web.client.ResourceAccessException}.
 */
public class ResponseHeadersTooLargeException extends IOException {

	/** The property that sets the limit. */
	static final String PROPERTY = "internal.http.client.max-response-headers-size";

	/** What happens to an HTTP/1.1 connection that received too large headers. */
	static final String HTTP1_CONNECTION_CLOSED = "";

	/** What happens to an HTTP/2 connection that received too large headers. */
	static final String HTTP2_CONNECTION_CLOSED = " The client closed the HTTP/2 connection (GOAWAY PROTOCOL_ERROR): "
			+ "a connection that refused a header block cannot be used again, and any other request waiting on it "
			+ "fails the same way; the next request gets a new connection.";

	private final String destination;

	public ResponseHeadersTooLargeException(String destination, int limit, Throwable cause) {
		this(destination, limit, HTTP1_CONNECTION_CLOSED, cause);
	}

	ResponseHeadersTooLargeException(String destination, int limit, String connectionOutcome, Throwable cause) {
		super("The response headers from " + destination + " are larger than "
				+ ((limit > 0) ? limit + " bytes" : "the limit") + " (" + PROPERTY
				+ "); raise the property if the server legitimately sends headers this large. The request is not "
				+ "sent again, since the server processed it." + connectionOutcome, cause);
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
