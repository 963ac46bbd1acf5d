package io.github.internalhttp.client;

/**
 * A destination could not be spoken to over HTTP/2: it did not answer the h2c preface,
 * or it asked for HTTP/1.1. The server processed nothing, so the request is sent again
 * over HTTP/1.1; callers see this only if that fails too.
 */
public class ProtocolDowngradeException extends RequestNotSentException {

	public ProtocolDowngradeException(String destination, String message, Throwable cause) {
		super(destination, message, cause);
	}

}
