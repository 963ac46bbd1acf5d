package io.github.internalhttp.client;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClientException;

/**
 * A request failed in the client before the server answered it, for a reason other than
 * an I/O error (which {@code RestClient} reports as a
 * {@link org.springframework.web.client.ResourceAccessException}).
 */
public class InternalHttpClientException extends RestClientException {

	private final String destination;

	public InternalHttpClientException(String destination, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.destination = destination;
	}

	/**
	 * The destination the request was for.
	 * @return {@code scheme://host:port}
	 */
	public String getDestination() {
		return this.destination;
	}

}
