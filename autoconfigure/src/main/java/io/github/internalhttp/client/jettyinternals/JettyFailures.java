package io.github.internalhttp.client.jettyinternals;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;

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
