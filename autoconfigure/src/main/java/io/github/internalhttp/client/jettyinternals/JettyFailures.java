package io.github.internalhttp.client.jettyinternals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.http2.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Tells Jetty's failures apart where Jetty gives them no type of their own, by the
 * messages Jetty builds them with.
 */
public final class JettyFailures {

	/** Message of the failure of a new stream on an HTTP/2 session that has closed. */
	private static final String SESSION_CLOSED = "session closed";

	/** Start of the message of a request rejected because its destination's queue is full. */
	private static final String QUEUE_FULL = "Max requests queued";

	/** A Jetty object as its toString() writes it: a name, '@' and a hexadecimal hash. */
	private static final Pattern JETTY_OBJECT = Pattern.compile("[\\w.$]+@[0-9a-f]{3,}");

	/** What Jetty's HTTP/1.1 parser says of a response header block over the limit. */
	private static final String HEADERS_TOO_LARGE = "Header Bytes Too Large";

	/**
	 * What Jetty's HTTP/2 parser fails a connection's streams with when it gives up
	 * decoding a response header block: larger than the client's limit as a whole
	 * ({@code invalid_hpack_block}, the HPACK decoder's "Header size n > limit") or in
	 * its CONTINUATION fragments ({@code invalid_continuation_stream}).
	 */
	private static final Pattern HTTP2_HEADER_BLOCK_REFUSED = Pattern
		.compile("protocol_error/(invalid_hpack_block|invalid_continuation_stream)");

	/** Longest message kept from a failure. */
	private static final int MAX_MESSAGE = 200;

	private JettyFailures() {
	}

	/**
	 * Whether a request failed because the server reset its HTTP/2 stream with the given
	 * error code. Jetty fails such a request with a plain {@link IOException} whose
	 * message is the code's lower-case name ({@code refused_stream_error}, ...).
	 * @param failure why the request failed
	 * @param errorCode the RST_STREAM error code
	 * @return whether the failure is that reset
	 */
	public static boolean isStreamReset(Throwable failure, ErrorCode errorCode) {
		return failure instanceof IOException && ErrorCode.toString(errorCode.code, null).equals(failure.getMessage());
	}

	/**
	 * The error code of the RST_STREAM a request failed with, whatever the code.
	 * @param failure why the request failed
	 * @return the code, or {@code null} when the failure is not a stream reset
	 */
	public static @Nullable Integer streamResetCode(@Nullable Throwable failure) {
		if (!(failure instanceof IOException) || failure.getMessage() == null) {
			return null;
		}
		for (ErrorCode errorCode : ErrorCode.values()) {
			if (isStreamReset(failure, errorCode)) {
				return errorCode.code;
			}
		}
		return null;
	}

	/**
	 * Whether a request failed because its connection's HTTP/2 session had closed when
	 * the request tried to open a stream on it: nothing was sent. Jetty fails it with an
	 * {@link IllegalStateException}.
	 * @param failure why the request failed
	 * @return whether no stream could be opened on a closed session
	 */
	public static boolean isSessionClosed(Throwable failure) {
		return failure instanceof IllegalStateException && SESSION_CLOSED.equals(failure.getMessage());
	}

	/**
	 * Whether a response failed because its headers were larger than the client's limit.
	 * Jetty's HTTP/1.1 parser fails it with an {@code HttpResponseException} ("HTTP
	 * protocol violation: bad response") caused by an {@code HttpException} whose message
	 * says {@value #HEADERS_TOO_LARGE}.
	 * @param failure why the request failed
	 * @return whether the response headers were too large
	 */
	public static boolean isResponseHeadersTooLarge(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && message.contains(HEADERS_TOO_LARGE)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * Whether a request's HTTP/2 connection failed because the client refused a response
	 * header block, the mark of headers larger than the client's limit from a server that
	 * ignored the SETTINGS_MAX_HEADER_LIST_SIZE the client announced. Jetty then closes
	 * the connection with GOAWAY(PROTOCOL_ERROR), its HPACK state being lost, and fails
	 * every stream on it with a plain {@link IOException} reading
	 * {@code protocol_error/invalid_hpack_block} or
	 * {@code protocol_error/invalid_continuation_stream}. The same reasons also stand for a
	 * malformed block (an unknown table index, a CONTINUATION of another stream), which
	 * Jetty does not tell apart.
	 * @param failure why the request failed
	 * @return whether the client refused a response header block
	 */
	public static boolean isHttp2HeaderBlockRefused(@Nullable Throwable failure) {
		return failure instanceof IOException && failure.getMessage() != null
				&& HTTP2_HEADER_BLOCK_REFUSED.matcher(failure.getMessage()).matches();
	}

	/**
	 * Whether a request failed because its connection closed or broke under it: closed
	 * by the peer, reset, or closed by the client while the request was on it.
	 * @param failure why the request failed
	 * @return whether the connection closed
	 */
	public static boolean isConnectionClosed(@Nullable Throwable failure) {
		// Jetty's EofException is an EOFException; its HTTP/1.1 receiver also throws plain ones.
		return failure instanceof EOFException || failure instanceof ClosedChannelException
				|| (failure instanceof IOException && failure.getCause() instanceof ClosedChannelException);
	}

	/**
	 * A failure's message without the dumps of Jetty objects that Jetty's messages often
	 * embed ({@code HttpConnectionOverHTTP@1a2b3c{...}::SocketChannelEndPoint@...}): the
	 * text up to the first such object, else the failure's type.
	 * @param failure a failure
	 * @return a message a user can read
	 */
	public static String plainMessage(Throwable failure) {
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return failure.getClass().getSimpleName();
		}
		Matcher dump = JETTY_OBJECT.matcher(message);
		if (dump.find()) {
			message = message.substring(0, dump.start()).replaceAll("[\\s:,;(\\[{]*(\\s(on|for|in))?[\\s:,;(\\[{]*$", "");
			if (message.isBlank()) {
				return failure.getClass().getSimpleName();
			}
		}
		return (message.length() > MAX_MESSAGE) ? message.substring(0, MAX_MESSAGE) + "..." : message;
	}

	/**
	 * Whether a request was rejected because its destination's queue was full, rather
	 * than because the client is stopping: Jetty rejects both with a
	 * {@link RejectedExecutionException}.
	 * @param failure why the request was rejected
	 * @return whether the destination's queue was full
	 */
	public static boolean isQueueFull(RejectedExecutionException failure) {
		String message = failure.getMessage();
		return message != null && message.startsWith(QUEUE_FULL);
	}

}
