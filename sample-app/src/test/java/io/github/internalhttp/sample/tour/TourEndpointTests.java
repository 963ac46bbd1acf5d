package io.github.internalhttp.sample.tour;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.internalhttp.client.InternalClientHttpConnector;
import io.github.internalhttp.sample.backend.BackendServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour: a service group and a {@code WebClient} call the backend over the shared
 * client, and {@code /actuator/internalhttp} shows the one destination they share.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TourEndpointTests {

	@LocalServerPort
	private int port;

	@Autowired
	private BackendServer backend;

	@Autowired
	private ClientHttpConnector connector;

	private RestClient restClient;

	@BeforeEach
	void createClient() {
		// A client of the test's own, outside the application's pools.
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
		requestFactory.setReadTimeout(Duration.ofSeconds(30));
		this.restClient = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.requestFactory(requestFactory)
			.build();
	}

	@Test
	void whenTheTourRunsThenTheServiceGroupAndTheWebClientCallTheBackendOverOneSharedH2cPool() {
		assertThat(this.connector).isInstanceOf(InternalClientHttpConnector.class);
		Map<String, Object> tour = this.restClient.get()
			.uri("/tour")
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
		assertThat(tour).containsEntry("serviceGroup", "ok").containsEntry("webClient", "ok");
		assertThat(tour.get("backendPools")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.satisfies((pool) -> {
				assertThat(((Map<?, ?>) pool).get("protocol")).isEqualTo("h2c");
				assertThat(((Map<?, ?>) pool).get("destination")).isEqualTo(this.backend.getUri().toString());
				// Both calls on one open connection.
				assertThat(((Number) ((Map<?, ?>) pool).get("activeConnections")).intValue()
						+ ((Number) ((Map<?, ?>) pool).get("idleConnections")).intValue()).isEqualTo(1);
			});
		Map<String, Object> endpoint = this.restClient.get()
			.uri("/actuator/internalhttp")
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
		List<?> destinations = (List<?>) endpoint.get("destinations");
		assertThat(destinations).filteredOn((destination) -> this.backend.getUri()
			.toString()
			.equals(((Map<?, ?>) destination).get("destination")))
			.singleElement()
			.satisfies((destination) -> assertThat(((Map<?, ?>) destination).get("protocol")).isEqualTo("h2c"));
		assertThat(endpoint).containsEntry("clients", Map.of());
	}

}
