package io.github.internalhttp.client;

import java.io.IOException;

/**
 * The server reset a request's HTTP/2 stream with an error code that does not say the
 * request went unprocessed (anything but REFUSED_STREAM and HTTP_1_1_REQUIRED): the
 * server may have acted on it, so it is not sent again, whatever its method.
 * {@code RestClient} reports it as a
 * {@link org.springframework.web.client.ResourceAccessException}.
 */
public class StreamResetException extends IOException {

	private final String destination;

	private final String errorCode;

	public StreamResetException(String destination, String errorCode, Throwable cause) {
		super(destination + " reset the request's HTTP/2 stream with " + errorCode + explanation(errorCode)
				+ "; the request is not sent again, since the server may have processed it", cause);
		this.destination = destination;
		this.errorCode = errorCode;
	}

	static String explanation(String errorCode) {
		return switch (errorCode) {
			case "ENHANCE_YOUR_CALM" -> " (the server asks its clients to slow down: it is overloaded, or limits "
					+ "the streams or resets it accepts)";
			case "CANCEL" -> " (the server no longer wants the stream)";
			case "INTERNAL_ERROR" -> " (the server failed while handling it)";
			default -> "";
		};
	}

	/**
	 * The destination the request was for.
	 * @return {@code scheme://host:port}
	 */
	public String getDestination() {
		return this.destination;
	}

	/**
	 * The HTTP/2 error code of the reset, by its RFC 9113 name.
	 * @return such as {@code INTERNAL_ERROR}
	 */
	public String getErrorCode() {
		return this.errorCode;
	}

}
