package io.github.internalhttp.sample;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /usage}: what to call, as text; {@code GET /} is the live pool page
 * ({@code static/index.html}).
 */
@RestController
class IndexController {

	private static final String INDEX = """
			internal-http-client sample

			GET /fanout?requests=2000&concurrency=200&delayMs=5&client=shared
			    Calls the embedded backend `requests` times, `concurrency` at a time, each answer
			    arriving after `delayMs`, and reports throughput, latency and the TCP connections
			    the backend accepted during the run.
			    client=shared (default): the auto-configured RestClient over the shared pool (h2c).
			    client=http1: the same pool settings, HTTP/1.1 only, for comparison.
			    Limits: requests <= 100000, concurrency <= 1000, delayMs <= 5000, 60s per run.

			GET /tour
			    Calls the backend once through the `backend` HTTP service group and once through a
			    WebClient, and shows the one shared pool (destination, h2c) both used; the same
			    destination is in /actuator/internalhttp.

			GET /                   the live pool page (a browser)
			GET /actuator/internalhttp, /actuator/health, /actuator/metrics
			""";

	@GetMapping(path = "/usage", produces = MediaType.TEXT_PLAIN_VALUE)
	String index() {
		return INDEX;
	}

}
