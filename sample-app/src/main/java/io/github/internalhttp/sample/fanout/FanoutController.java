package io.github.internalhttp.sample.fanout;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /fanout}: many concurrent calls to the backend, and the connections they
 * opened.
 */
@RestController
class FanoutController {

	static final int MAX_REQUESTS = 100_000;

	static final int MAX_CONCURRENCY = 1_000;

	static final long MAX_DELAY_MILLIS = 5_000;

	private final FanoutService service;

	FanoutController(FanoutService service) {
		this.service = service;
	}

	@GetMapping("/fanout")
	FanoutReport fanout(@RequestParam(defaultValue = "2000") int requests,
			@RequestParam(defaultValue = "200") int concurrency, @RequestParam(required = false) @Nullable Long delayMs,
			@RequestParam(defaultValue = "shared") String client) {
		requireBetween("requests", requests, 1, MAX_REQUESTS);
		requireBetween("concurrency", concurrency, 1, MAX_CONCURRENCY);
		if (delayMs != null) {
			requireBetween("delayMs", delayMs, 0, MAX_DELAY_MILLIS);
		}
		FanoutClient which;
		try {
			which = FanoutClient.of(client);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return this.service.run(which, requests, concurrency, (delayMs != null) ? Duration.ofMillis(delayMs) : null);
	}

	private static void requireBetween(String name, long value, long min, long max) {
		if (value < min || value > max) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					name + " must be from " + min + " to " + max + " but was " + value);
		}
	}

}
