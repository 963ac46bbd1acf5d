package io.github.internalhttp.client;

import java.io.IOException;

/**
 * A destination could not be spoken to over HTTP/2: it did not answer the h2c preface,
 * or it asked for HTTP/1.1. The server processed nothing, so the request is sent again
 * over HTTP/1.1; callers see this only if that fails too.
 */
public class ProtocolDowngradeException extends IOException {

	private final String destination;

	public ProtocolDowngradeException(String destination, String message, Throwable cause) {
		super(message, cause);
		this.destination = destination;
	}

	/**
	 * The destination that was downgraded.
	 * @return {@code scheme://host:port}
	 */
	public String getDestination() {
		return this.destination;
	}

}
