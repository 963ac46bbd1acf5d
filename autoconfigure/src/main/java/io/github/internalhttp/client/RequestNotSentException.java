package io.github.internalhttp.client;

import java.io.IOException;

/**
 * A request failed before any of it reached the server, so it can be sent again whatever
 * its method. The request layer does so, and callers see such a failure only if the
 * retries fail too.
 */
public abstract class RequestNotSentException extends IOException {

	private final String destination;

	protected RequestNotSentException(String destination, String message, Throwable cause) {
		super(message, cause);
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
