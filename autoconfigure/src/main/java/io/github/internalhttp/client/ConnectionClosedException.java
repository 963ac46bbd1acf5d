package io.github.internalhttp.client;

import java.io.IOException;

/**
 * The connection a request was on closed or broke before the response arrived, and the
 * request was not sent again: it may have reached the server (a request that is not
 * idempotent, or one already sent again once). {@code RestClient} reports it as a
 * {@link org.springframework.web.client.ResourceAccessException}.
 */
public class ConnectionClosedException extends IOException {

	private final String destination;

	public ConnectionClosedException(String destination, String what, Throwable cause) {
		super("The connection to " + destination + " closed before the response arrived (" + what
				+ "); the request is not sent again, since the server may have processed it", cause);
		this.destination = destination;
	}

	/**
	 * The destination the request was for.
	 * @return {@code scheme://host:port}
	 */
	public String getDestination() {
		return this.destination;
	}

}
