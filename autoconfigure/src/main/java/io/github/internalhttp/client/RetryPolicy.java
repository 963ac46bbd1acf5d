package io.github.internalhttp.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Set;

import javax.net.ssl.SSLHandshakeException;

import io.github.internalhttp.client.jettyinternals.JettyFailures;
import org.eclipse.jetty.client.RetryableRequestException;
import org.eclipse.jetty.http2.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * Decides whether a failed request is sent again, and why. Two kinds of failures qualify:
 * <ul>
 * <li>the server provably did not process the request, whatever its method: a GOAWAY
 * whose last stream id is below the request's, a REFUSED_STREAM reset, a destination that
 * does not speak h2c or that asked for HTTP/1.1, a new h2c connection closed before it
 * was ready, a stream that could not be opened because its session had just closed;</li>
 * <li>an idempotent request whose connection failed before any response arrived, the
 * mark of a stale kept-alive connection the server had already closed, or of a server
 * going away.</li>
 * </ul>
 * A request that is not idempotent is never sent again when the server may have
 * processed it.
 */
final class RetryPolicy {

	/** Reason: a GOAWAY's last stream id was below the request's. */
	static final String GOAWAY = "goaway";

	/** Reason: the server reset the stream with REFUSED_STREAM. */
	static final String REFUSED_STREAM = "refused_stream";

	/** Reason: the destination does not speak h2c. */
	static final String H2C_FALLBACK = "h2c_fallback";

	/** Reason: the server closed a new h2c connection before answering its preface. */
	static final String PREFACE_CLOSED = "preface_closed";

	/** Reason: the server reset the stream with HTTP_1_1_REQUIRED. */
	static final String HTTP_1_1_REQUIRED = "http_1_1_required";

	/**
	 * Reason: the request was given a connection whose HTTP/2 session had just closed, and
	 * could not open a stream on it.
	 */
	static final String SESSION_CLOSED = "session_closed";

	/** Reason: a kept-alive connection failed before the response. */
	static final String CONNECTION_FAILURE = "connection_failure";

	/**
	 * Sends beyond the first for failures the server did not process: enough to ride out
	 * a GOAWAY and a downgrade together, few enough that a server refusing everything
	 * fails fast.
	 */
	static final int MAX_RETRIES = 3;

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private RetryPolicy() {
	}

	/**
	 * Why a failed request should be sent again, if it should.
	 * @param method the request's method
	 * @param failure why it failed, before any response arrived
	 * @param retries how many times it was sent again already
	 * @return the reason to send it again, or {@code null} to fail
	 */
	static @Nullable String reasonToRetry(HttpMethod method, @Nullable Throwable failure, int retries) {
		if (failure == null || retries >= MAX_RETRIES) {
			return null;
		}
		if (failure instanceof RetryableRequestException) {
			return GOAWAY;
		}
		if (failure instanceof ProtocolDowngradeException) {
			return H2C_FALLBACK;
		}
		if (failure instanceof PrefaceClosedException) {
			return PREFACE_CLOSED;
		}
		if (JettyFailures.isSessionClosed(failure)) {
			return SESSION_CLOSED;
		}
		if (JettyFailures.isStreamReset(failure, ErrorCode.REFUSED_STREAM_ERROR)) {
			return REFUSED_STREAM;
		}
		if (JettyFailures.isStreamReset(failure, ErrorCode.HTTP_1_1_REQUIRED_ERROR)) {
			return HTTP_1_1_REQUIRED;
		}
		if (JettyFailures.streamResetCode(failure) != null || failure instanceof GoAwayException
				|| failure instanceof ResponseHeadersTooLargeException
				|| JettyFailures.isHttp2HeaderBlockRefused(failure)) {
			// Any other reset, a GOAWAY with an error code that took the request in, or
			// response headers over the limit: the server had the request and may have
			// acted on it (and would answer the same headers again).
			return null;
		}
		// Within the same bound as the rest: a retry after a GOAWAY can itself meet a server
		// that is going away, and an idempotent request may be sent again whatever came before.
		if (IDEMPOTENT.contains(method) && isConnectionFailure(failure)) {
			return CONNECTION_FAILURE;
		}
		return null;
	}

	/**
	 * Whether a failure is the loss of an established connection: not a failure to
	 * connect or to agree on TLS (an untrusted certificate, a name mismatch), which a retry
	 * would only repeat, and not a timeout.
	 */
	private static boolean isConnectionFailure(Throwable failure) {
		if (!(failure instanceof IOException) || failure instanceof ConnectException
				|| failure instanceof SSLHandshakeException
				|| failure instanceof NoRouteToHostException || failure instanceof UnknownHostException
				|| failure instanceof SocketTimeoutException) {
			return false;
		}
		return !(failure.getCause() instanceof UnresolvedAddressException);
	}

}
