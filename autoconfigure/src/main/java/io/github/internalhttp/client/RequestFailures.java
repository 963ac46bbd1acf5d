package io.github.internalhttp.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.RejectedExecutionException;

import io.github.internalhttp.client.jettyinternals.JettyFailures;
import org.eclipse.jetty.client.RetryableRequestException;
import org.jspecify.annotations.Nullable;

/**
 * Turns Jetty's failures into exceptions that name the destination and say what
 * happened. I/O errors stay {@link IOException}s, which {@code RestClient} reports as
 * {@link org.springframework.web.client.ResourceAccessException}; Jetty's runtime
 * exceptions, which would reach callers raw, become {@link InternalHttpClientException}s.
 */
final class RequestFailures {

	private RequestFailures() {
	}

	static String destination(URI uri) {
		return DestinationId.of(uri).toString();
	}

	/**
	 * The I/O exception to throw for a failure, or throws the runtime exception that
	 * describes it.
	 */
	static IOException translate(String destination, @Nullable Throwable failure) {
		if (failure instanceof InternalHttpClientException described) {
			throw described;
		}
		Integer resetCode = JettyFailures.streamResetCode(failure);
		if (resetCode != null) {
			return new StreamResetException(destination, Http2ErrorCodes.name(resetCode), failure);
		}
		if (failure instanceof RejectedExecutionException rejected) {
			if (JettyFailures.isQueueFull(rejected)) {
				throw new RequestRejectedException(destination, "Request to " + destination
						+ " rejected: the destination's queue is full (see internal.http.client.pool."
						+ "max-queued-requests-per-destination and max-connections-per-destination)", rejected);
			}
			throw new RequestRejectedException(destination,
					"Request to " + destination + " rejected: the internal HTTP client is stopped", rejected);
		}
		if (failure instanceof RetryableRequestException) {
			throw new InternalHttpClientException(destination, "Request to " + destination
					+ " was not processed: the server closed the connection before handling it (GOAWAY)", failure);
		}
		if (failure instanceof ConnectException connect) {
			ConnectException described = new ConnectException(
					"Cannot connect to " + destination + ": " + connect.getMessage());
			described.initCause(connect);
			return described;
		}
		if (failure instanceof UncheckedIOException unchecked) {
			return unchecked.getCause();
		}
		if (failure instanceof IOException io) {
			return io;
		}
		throw new InternalHttpClientException(destination, "Request to " + destination + " failed: " + failure,
				failure);
	}

}
