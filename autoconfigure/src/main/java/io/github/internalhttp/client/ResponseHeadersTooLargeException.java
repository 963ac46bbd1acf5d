package io.github.internalhttp.client;

import java.io.IOException;

/**
 * The response headers were larger than {@code internal.http.client.max-response-headers-size}:
 * the request fails, and is not sent again, since the server processed it. Over HTTP/1.1
 * the connection closes (the rest of the response cannot be skipped reliably).
 * {@code RestClient} reports it as a
 * {@link org.springframework.web.client.ResourceAccessException}.
 */
public class ResponseHeadersTooLargeException extends IOException {

	/** The property that sets the limit. */
	static final String PROPERTY = "internal.http.client.max-response-headers-size";

	private final String destination;

	public ResponseHeadersTooLargeException(String destination, int limit, Throwable cause) {
		super("The response headers from " + destination + " are larger than "
				+ ((limit > 0) ? limit + " bytes" : "the limit") + " (" + PROPERTY
				+ "); raise the property if the server legitimately sends headers this large. The request is not "
				+ "sent again, since the server processed it", cause);
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
