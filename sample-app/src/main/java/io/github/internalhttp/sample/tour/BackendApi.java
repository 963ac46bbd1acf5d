package io.github.internalhttp.sample.tour;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;

/**
 * The embedded backend as an HTTP service group ({@code backend}): a declarative client
 * whose requests go through the shared client like every {@code RestClient}'s.
 */
public interface BackendApi {

	/**
	 * Call the backend.
	 * @param delayMs how long the backend waits before it answers
	 * @return the backend's answer
	 */
	@GetExchange("/")
	String call(@RequestParam("delayMs") long delayMs);

}
