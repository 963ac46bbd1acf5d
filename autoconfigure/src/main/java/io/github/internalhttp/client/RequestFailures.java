package io.github.internalhttp.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.github.internalhttp.client.jettyinternals.Http2Sessions;
import io.github.internalhttp.client.jettyinternals.JettyFailures;
import org.eclipse.jetty.client.Request;
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
	 * The failure of a request, told apart when Jetty's says too little: a connection
	 * lost after its server sent a GOAWAY with an error code becomes a
	 * {@link GoAwayException}; an HTTP/2 connection the client closed because it refused
	 * a response header block, a {@link ResponseHeadersTooLargeException}.
	 * @param request the request that failed
	 * @param failure why Jetty failed it
	 * @param maxResponseHeadersSize the client's limit on response headers, to name it
	 * @return the failure to decide on and report
	 */
	static @Nullable Throwable describe(Request request, @Nullable Throwable failure, int maxResponseHeadersSize) {
		if (JettyFailures.isHttp2HeaderBlockRefused(failure)) {
			return new ResponseHeadersTooLargeException(destination(request.getURI()), maxResponseHeadersSize,
					ResponseHeadersTooLargeException.HTTP2_CONNECTION_CLOSED, failure);
		}
		if (failure == null || failure instanceof RetryableRequestException
				|| JettyFailures.streamResetCode(failure) != null || !(failure instanceof IOException)) {
			return failure;
		}
		Integer goAwayError = Http2Sessions.goAwayError(request.getConnection());
		if (goAwayError == null) {
			return failure;
		}
		return new GoAwayException(destination(request.getURI()), Http2ErrorCodes.name(goAwayError), failure);
	}

	/** Whether an exception is one of this client's, which say what happened already. */
	private static boolean isOurs(Throwable failure) {
		return failure.getClass().getPackageName().startsWith("io.github.internalhttp");
	}

	/**
	 * The I/O exception to throw for a failure, or throws the runtime exception that
	 * describes it.
	 */
	static IOException translate(String destination, @Nullable Throwable failure) {
		return translate(destination, failure, 0);
	}

	/**
	 * The I/O exception to throw for a failure, or throws the runtime exception that
	 * describes it.
	 * @param destination the request's destination
	 * @param failure why the request failed
	 * @param maxResponseHeadersSize the client's limit on response headers, to name it
	 * @return the exception to throw
	 */
	static IOException translate(String destination, @Nullable Throwable failure, int maxResponseHeadersSize) {
		if (failure instanceof InternalHttpClientException described) {
			throw described;
		}
		if (JettyFailures.isResponseHeadersTooLarge(failure)) {
			return new ResponseHeadersTooLargeException(destination, maxResponseHeadersSize,
					ResponseHeadersTooLargeException.HTTP1_CONNECTION_CLOSED, failure);
		}
		if (JettyFailures.isHttp2HeaderBlockRefused(failure)) {
			return new ResponseHeadersTooLargeException(destination, maxResponseHeadersSize,
					ResponseHeadersTooLargeException.HTTP2_CONNECTION_CLOSED, failure);
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
					"Cannot connect to " + destination + ": " + JettyFailures.plainMessage(connect));
			described.initCause(connect);
			return described;
		}
		if (failure instanceof UncheckedIOException unchecked) {
			failure = unchecked.getCause();
		}
		if (failure instanceof IOException io && (isOurs(io) || failure instanceof SocketTimeoutException)) {
			return io;
		}
		if (failure instanceof SSLHandshakeException handshake) {
			SSLHandshakeException described = new SSLHandshakeException(
					"TLS handshake with " + destination + " failed: " + JettyFailures.plainMessage(handshake));
			described.initCause(handshake);
			return described;
		}
		if (failure instanceof SSLException tls) {
			return new SSLException("TLS with " + destination + " failed: " + JettyFailures.plainMessage(tls), tls);
		}
		if (JettyFailures.isConnectionClosed(failure)) {
			return new ConnectionClosedException(destination, JettyFailures.plainMessage(failure), failure);
		}
		if (failure instanceof IOException io) {
			// Jetty's messages often embed dumps of its endpoints and connections.
			return new IOException("Request to " + destination + " failed: " + JettyFailures.plainMessage(io), io);
		}
		throw new InternalHttpClientException(destination,
				"Request to " + destination + " failed: " + JettyFailures.plainMessage(failure), failure);
	}

}
