package io.github.internalhttp.sample.tour;

import java.time.Duration;
import java.util.List;

import io.github.internalhttp.client.DestinationId;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.sample.backend.BackendServer;
import io.github.internalhttp.sample.fanout.PoolReport;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code GET /tour}: one call through the {@code backend} service group and one through a
 * {@code WebClient}, and the backend's pool they both used, as
 * {@code /actuator/internalhttp} shows it.
 */
@RestController
class TourController {

	private final BackendApi backendApi;

	private final WebClient backendWebClient;

	private final InternalHttpClient sharedClient;

	private final DestinationId backend;

	TourController(BackendApi backendApi, WebClient backendWebClient, InternalHttpClient sharedClient,
			BackendServer backend) {
		this.backendApi = backendApi;
		this.backendWebClient = backendWebClient;
		this.sharedClient = sharedClient;
		this.backend = DestinationId.of(backend.getUri());
	}

	@GetMapping("/tour")
	TourReport tour() {
		String serviceGroup = this.backendApi.call(5);
		String webClient = this.backendWebClient.get()
			.uri((uri) -> uri.path("/").queryParam("delayMs", 5).build())
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		List<PoolReport> pools = this.sharedClient.destinations()
			.stream()
			.filter((snapshot) -> snapshot.destination().equals(this.backend))
			.map(PoolReport::of)
			.toList();
		return new TourReport(serviceGroup.strip(), (webClient != null) ? webClient.strip() : "", pools);
	}

	/**
	 * What the tour did.
	 *
	 * @param serviceGroup the backend's answer through the {@code backend} service group
	 * @param webClient the backend's answer through the {@code WebClient}
	 * @param backendPools the shared client's pool for the backend: one, used by both
	 */
	record TourReport(String serviceGroup, String webClient, List<PoolReport> backendPools) {

	}

}
