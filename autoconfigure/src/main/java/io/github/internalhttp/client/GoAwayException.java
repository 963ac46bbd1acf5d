package io.github.internalhttp.client;

import java.io.IOException;

/**
 * The server ended the connection a request was on with a GOAWAY carrying an error code
 * (ENHANCE_YOUR_CALM, PROTOCOL_ERROR, ...) before answering the request, which it had
 * accepted (its stream id was within the GOAWAY's last stream id): the server may have
 * processed it, so it is not sent again, whatever its method. Requests the GOAWAY left
 * unprocessed are sent again on another connection. {@code RestClient} reports it as a
 * {@link org.springframework.web.client.ResourceAccessException}.
 */
public class GoAwayException extends IOException {

	private final String destination;

	private final String errorCode;

	public GoAwayException(String destination, String errorCode, Throwable cause) {
		super(destination + " closed the connection with GOAWAY " + errorCode
				+ StreamResetException.explanation(errorCode)
				+ " before answering the request; the request is not sent again, since the server may have "
				+ "processed it", cause);
		this.destination = destination;
		this.errorCode = errorCode;
	}

	/**
	 * The destination the request was for.
	 * @return {@code scheme://host:port}
	 */
	public String getDestination() {
		return this.destination;
	}

	/**
	 * The HTTP/2 error code of the GOAWAY, by its RFC 9113 name.
	 * @return such as {@code ENHANCE_YOUR_CALM}
	 */
	public String getErrorCode() {
		return this.errorCode;
	}

}
