package io.github.internalhttp.client;

import org.jspecify.annotations.Nullable;

/**
 * The pool refused a request without sending it: the destination's queue was full, or
 * the client was stopped. The server never saw the request, so it is safe to retry
 * later.
 */
public class RequestRejectedException extends InternalHttpClientException {

	public RequestRejectedException(String destination, String message, @Nullable Throwable cause) {
		super(destination, message, cause);
	}

}
