package io.github.internalhttp.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.metrics.InternalHttpClientMetrics;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real traffic from the application's {@link RestClient} to a real h2c server, then the
 * client's metrics, health and endpoint read over HTTP from the application's actuator.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = InternalHttpClientObservabilityIntegrationTests.TestApplication.class,
		properties = { "internal.http.client.protocol=h2c", "internal.http.client.metrics.refresh-interval=100ms",
				"management.endpoints.web.exposure.include=health,metrics,prometheus,internalhttp",
				"management.endpoint.health.show-details=always" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InternalHttpClientObservabilityIntegrationTests {

	private static final int SERVER_MAX_STREAMS = 5;

	private static final int CONCURRENT_REQUESTS = 4 * SERVER_MAX_STREAMS;

	private static final TestServer server = TestServer.clearText(SERVER_MAX_STREAMS);

	private final HttpClient actuator = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient restClient;

	@Autowired
	private InternalHttpClient client;

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	@Order(1)
	void whenTrafficEndsThenTheDialCounterMatchesTheServerAndTheGaugesReturnToIdle() throws Exception {
		sendConcurrently(CONCURRENT_REQUESTS, "/?delayMs=200");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(metric(InternalHttpClientMetrics.CONNECTIONS_OPENED))
				.isEqualTo(server.connectionsAccepted()));
		assertThat(server.connectionsAccepted()).isGreaterThan(1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(metric(InternalHttpClientMetrics.CONNECTIONS, "state:active")).isZero();
			assertThat(metric(InternalHttpClientMetrics.CONNECTIONS, "state:pending")).isZero();
			assertThat(metric(InternalHttpClientMetrics.STREAMS_ACTIVE)).isZero();
			assertThat(metric(InternalHttpClientMetrics.REQUESTS_QUEUED)).isZero();
		});
		assertThat(metric(InternalHttpClientMetrics.CONNECTIONS, "state:idle"))
			.isEqualTo(metric(InternalHttpClientMetrics.CONNECTIONS_OPENED)
					- metric(InternalHttpClientMetrics.CONNECTIONS_CLOSED));
		assertThat(metric(InternalHttpClientMetrics.STREAMS_MAX)).isEqualTo(SERVER_MAX_STREAMS);
		assertThat(metric(InternalHttpClientMetrics.CONNECTIONS_MAX)).isEqualTo(64);
		assertThat(metric(InternalHttpClientMetrics.REQUESTS_QUEUED_MAX)).isEqualTo(1024);
	}

	@Test
	@Order(2)
	void whenRequestsAreSentThenSpringsRequestObservationStillTimesThem() throws Exception {
		sendConcurrently(1, "/");
		HttpResponse<String> response = get("/actuator/metrics/http.client.requests?tag=client.name:127.0.0.1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Double>read(response.body(), "$.measurements[0].value")).isGreaterThanOrEqualTo(1);
	}

	@Test
	@Order(3)
	void whenPrometheusScrapesThenTheClientMetersAreThereWithTheirTags() throws Exception {
		sendConcurrently(1, "/");
		String tags = "client=\"default\",destination=\"" + server.destination() + "\",protocol=\"h2c\"";
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = get("/actuator/prometheus").body();
			assertThat(scrape).contains("internal_http_client_connections{" + tags + ",state=\"idle\"}",
					"internal_http_client_connections_max{" + tags + "} 64.0",
					"internal_http_client_connections_opened_total{" + tags + "} ",
					"internal_http_client_connections_closed_total{" + tags + "} ",
					"internal_http_client_streams_active{" + tags + "} ",
					"internal_http_client_streams_max{" + tags + "} " + SERVER_MAX_STREAMS + ".0",
					"internal_http_client_requests_queued{" + tags + "} ",
					"internal_http_client_requests_queued_max{" + tags + "} 1024.0",
					"internal_http_client_requests_wait_seconds_count{" + tags + "} ",
					"internal_http_client_requests_wait_seconds_sum{" + tags + "} ",
					"internal_http_client_requests_wait_seconds_max{" + tags + "} ",
					"internal_http_client_connections_connect_seconds_count{" + tags + "} ",
					"internal_http_client_protocol_fallbacks_total{" + tags + "} 0.0");
		});
	}

	@Test
	@Order(4)
	void whenHealthIsReadThenTheClientIsUpWithEachDestination() throws Exception {
		sendConcurrently(1, "/");
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		String internalHttp = "$.components.internalHttp";
		String destination = internalHttp + ".details.destinations['" + server.destination() + "']";
		assertThat(JsonPath.<String>read(response.body(), internalHttp + ".status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(response.body(), destination + ".status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(response.body(), destination + ".protocol")).isEqualTo("h2c");
		assertThat(JsonPath.<Integer>read(response.body(), destination + ".streams.max"))
			.isEqualTo(SERVER_MAX_STREAMS);
		assertThat(JsonPath.<Integer>read(response.body(), destination + ".connections.max")).isEqualTo(64);
	}

	@Test
	@Order(5)
	void whenTheEndpointIsReadThenEveryDestinationIsListedAndOneIsSelectedByHostAndPort() throws Exception {
		sendConcurrently(1, "/");
		HttpResponse<String> all = get("/actuator/internalhttp");
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(all.body(), "$.running")).isTrue();
		assertThat(JsonPath.<String>read(all.body(), "$.configuration.protocol")).isEqualTo("h2c");
		assertThat(JsonPath.<List<String>>read(all.body(), "$.destinations[*].destination"))
			.containsExactly(server.destination());
		HttpResponse<String> selected = get("/actuator/internalhttp/127.0.0.1:" + server.port());
		assertThat(selected.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(selected.body(), "$.destinations[0].destination"))
			.isEqualTo(server.destination());
		assertThat(JsonPath.<String>read(selected.body(), "$.destinations[0].protocol")).isEqualTo("h2c");
		assertThat(JsonPath.<Integer>read(selected.body(), "$.destinations[0].connections.opened"))
			.isEqualTo(server.connectionsAccepted());
		assertThat(JsonPath.<Integer>read(selected.body(), "$.destinations[0].streams.max"))
			.isEqualTo(SERVER_MAX_STREAMS);
		assertThat(JsonPath.<Map<String, Object>>read(selected.body(), "$.destinations[0].timers"))
			.containsOnlyKeys("requests.wait", "connections.connect", "connections.tls.handshake",
					"connections.lifetime");
		String wait = "$.destinations[0].timers['requests.wait']";
		assertThat(JsonPath.<Integer>read(selected.body(), wait + ".count")).isPositive();
		assertThat(JsonPath.<Map<String, Object>>read(selected.body(), wait)).containsOnlyKeys("count", "p50Ms",
				"p90Ms", "p99Ms", "maxMs");
		assertThat(JsonPath.<Integer>read(selected.body(), "$.destinations[0].timers['connections.connect'].count"))
			.isEqualTo(server.connectionsAccepted());
		assertThat(get("/actuator/internalhttp/127.0.0.1:1").statusCode()).isEqualTo(404);
	}

	@Test
	@Order(6)
	void whenRequestsCarryCredentialsThenNoActuatorOutputShowsThem() throws Exception {
		this.restClient.get()
			.uri(server.uri("/secret-path?token=secret-query"))
			.header(HttpHeaders.AUTHORIZATION, "Bearer secret-header")
			.retrieve()
			.toBodilessEntity();
		for (String path : List.of("/actuator/internalhttp", "/actuator/health", "/actuator/prometheus")) {
			assertThat(get(path).body()).as(path).isNotEmpty().doesNotContain("secret");
		}
	}

	@Test
	@Order(7)
	@DirtiesContext
	void whenTheClientIsStoppedThenHealthIsDown() throws Exception {
		this.client.close();
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(JsonPath.<String>read(response.body(), "$.components.internalHttp.status")).isEqualTo("DOWN");
		assertThat(JsonPath.<Boolean>read(response.body(), "$.components.internalHttp.details.running")).isFalse();
	}

	private void sendConcurrently(int requests, String pathAndQuery) throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(requests);
		try {
			List<Callable<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				calls.add(() -> this.restClient.get()
					.uri(server.uri(pathAndQuery))
					.retrieve()
					.toBodilessEntity()
					.getStatusCode()
					.value());
			}
			for (Future<Integer> status : callers.invokeAll(calls, 20, TimeUnit.SECONDS)) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	private double metric(String name, String... tags) throws IOException, InterruptedException {
		StringBuilder query = new StringBuilder("?tag=")
			.append(URLEncoder.encode("destination:" + server.destination(), StandardCharsets.UTF_8));
		for (String tag : tags) {
			query.append("&tag=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
		}
		HttpResponse<String> response = get("/actuator/metrics/" + name + query);
		assertThat(response.statusCode()).as(name + " " + response.body()).isEqualTo(200);
		return JsonPath.<Double>read(response.body(), "$.measurements[0].value");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.actuator.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
