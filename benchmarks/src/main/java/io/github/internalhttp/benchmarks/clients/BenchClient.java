package io.github.internalhttp.benchmarks.clients;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP client under test, driven either blocking (one caller thread per in-flight
 * request, as {@code RestClient} is called) or asynchronously (a bounded number of
 * requests in flight, completed by the client's own threads), whichever is the client's
 * natural API. Every call reads the whole response body as a {@code String}.
 */
public interface BenchClient extends AutoCloseable {

	/**
	 * Whether the client is driven through {@link #callAsync(URI)}.
	 * @return {@code true} for an asynchronous client
	 */
	default boolean async() {
		return false;
	}

	/**
	 * A blocking GET whose body is read in full.
	 * @param uri the request URI
	 * @return the response body
	 * @throws Exception on any failure, including a status other than 200
	 */
	default String call(URI uri) throws Exception {
		throw new UnsupportedOperationException("asynchronous client");
	}

	/**
	 * An asynchronous GET whose body is read in full.
	 * @param uri the request URI
	 * @return the response body, or the failure
	 */
	default CompletableFuture<String> callAsync(URI uri) {
		throw new UnsupportedOperationException("blocking client");
	}

	/**
	 * What actually serves the calls, such as the request factory behind a
	 * {@code RestClient}, so that the report shows what was measured.
	 * @return a short description
	 */
	String describe();

	@Override
	void close() throws Exception;

	static void requireOk(int status) throws BadStatusException {
		if (status != 200) {
			throw new BadStatusException(status);
		}
	}

	/**
	 * A response whose status is not 200.
	 */
	final class BadStatusException extends Exception {

		BadStatusException(int status) {
			super("HTTP status " + status, null, false, false);
		}

	}

}
