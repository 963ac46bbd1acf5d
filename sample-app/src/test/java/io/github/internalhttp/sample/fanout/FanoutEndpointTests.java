package io.github.internalhttp.sample.fanout;

import java.net.http.HttpClient;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application as its user sees it: over HTTP, with its embedded backend.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "internal.http.client.metrics.refresh-interval=100ms")
class FanoutEndpointTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JsonMapper jsonMapper;

	private RestClient restClient;

	@BeforeEach
	void createClient() {
		// A client of the test's own, outside the application's pools, so that the test
		// does not add to what it measures.
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
		requestFactory.setReadTimeout(Duration.ofSeconds(60));
		this.restClient = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.requestFactory(requestFactory)
			.build();
	}

	@Test
	void whenTheSharedClientFansOut200ConcurrentCallsThenTheBackendAcceptsOneConnection() {
		FanoutReport first = fanout("requests=400&concurrency=200&delayMs=5&client=shared");
		assertThat(first.client()).isEqualTo("shared");
		assertThat(first.protocol()).isEqualTo("h2c");
		assertThat(first.requests()).isEqualTo(400);
		assertThat(first.errors()).isZero();
		assertThat(first.firstError()).isNull();
		assertThat(first.backendConnectionsAccepted()).isEqualTo(1);
		assertThat(first.pool()).isNotNull();
		assertThat(first.pool().connectionsOpened()).isEqualTo(1);
		assertThat(first.pool().destination()).startsWith("http://127.0.0.1:");
		assertThat(first.pool().protocol()).isEqualTo("h2c");
		FanoutReport second = fanout("requests=400&concurrency=200&delayMs=5");
		assertThat(second.client()).isEqualTo("shared");
		assertThat(second.errors()).isZero();
		assertThat(second.backendConnectionsAccepted()).as("connections opened by a run that reuses the pool")
			.isZero();
	}

	@Test
	void whenTheHttp1ClientFansOut200ConcurrentCallsThenTheBackendAcceptsManyConnections() {
		FanoutReport report = fanout("requests=400&concurrency=200&delayMs=5&client=http1");
		assertThat(report.client()).isEqualTo("http1");
		assertThat(report.protocol()).isEqualTo("http1");
		assertThat(report.requests()).isEqualTo(400);
		assertThat(report.errors()).isZero();
		assertThat(report.backendConnectionsAccepted()).isGreaterThan(1);
		assertThat(report.pool()).isNotNull();
		assertThat(report.backendConnectionsAccepted()).isLessThanOrEqualTo(report.pool().maxConnections());
	}

	@Test
	void whenAParameterIsOutOfRangeThenTheRequestIsRejectedNamingIt() {
		ResponseEntity<String> tooMany = get("/fanout?requests=100001");
		assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(tooMany.getBody()).contains("requests must be from 1 to 100000 but was 100001");
		ResponseEntity<String> unknownClient = get("/fanout?requests=1&client=apache");
		assertThat(unknownClient.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(unknownClient.getBody()).contains("client must be one of shared, http1 but was apache");
	}

	@Test
	void whenCallsWereMadeThenActuatorShowsHealthAndClientMetrics() {
		fanout("requests=1&concurrency=1&delayMs=0");
		ResponseEntity<String> health = get("/actuator/health");
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.jsonMapper.readTree(health.getBody()).get("status").asString()).isEqualTo("UP");
		// Meters of a new destination are registered on the next refresh.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> get("/actuator/metrics").getBody().contains("internal.http.client.connections.opened"));
		ResponseEntity<String> metrics = get("/actuator/metrics");
		assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(metrics.getBody()).contains("\"http.client.requests\"")
			.contains("\"internal.http.client.connections.opened\"");
		assertThat(this.jsonMapper.readTree(health.getBody()).get("components").has("internalHttp")).isTrue();
		ResponseEntity<String> prometheus = get("/actuator/prometheus");
		assertThat(prometheus.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(prometheus.getBody()).contains("internal_http_client_connections_opened_total{")
			.contains("protocol=\"h2c\"");
		ResponseEntity<String> endpoint = get("/actuator/internalhttp");
		assertThat(endpoint.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.jsonMapper.readTree(endpoint.getBody()).get("destinations").get(0).get("protocol").asString())
			.isEqualTo("h2c");
	}

	@Test
	void whenTheUsageIsRequestedThenItDescribesTheFanoutEndpoint() {
		ResponseEntity<String> index = get("/usage");
		assertThat(index.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(index.getBody()).contains("GET /fanout?requests=2000&concurrency=200&delayMs=5&client=shared");
	}

	private FanoutReport fanout(String query) {
		ResponseEntity<String> response = get("/fanout?" + query);
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
		return this.jsonMapper.readValue(response.getBody(), FanoutReport.class);
	}

	private ResponseEntity<String> get(String pathAndQuery) {
		return this.restClient.get()
			.uri(pathAndQuery)
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toEntity(String.class);
	}

}
