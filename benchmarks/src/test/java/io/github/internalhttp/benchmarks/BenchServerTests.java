package io.github.internalhttp.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchServerTests {

	private BenchServer server;

	@BeforeEach
	void start() throws Exception {
		this.server = new BenchServer(0);
		this.server.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.server.stop();
	}

	@Test
	void whenAClientOffersAnH2cUpgradeThenItIsAnsweredOnHttp1() throws Exception {
		// The JDK client's default version is HTTP/2: on clear text it sends Upgrade: h2c.
		HttpClient jdk = HttpClient.newHttpClient();
		HttpResponse<String> response = jdk.send(HttpRequest.newBuilder(uri("/d/0")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
		assertThat(response.body()).isEqualTo(ServerControl.BODY);
		Map<String, Long> stats = ServerControl.stats(this.server.controlPort());
		assertThat(stats).containsEntry("accepted", 1L).containsEntry("http1", 1L).containsEntry("http2", 0L);
	}

	@Test
	void whenAPriorKnowledgeClientSendsRequestsOnOneConnectionThenOneDialAndHttp2RequestsAreCounted()
			throws Exception {
		org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient(
				new HttpClientTransportOverHTTP2(new HTTP2Client()));
		jetty.start();
		try {
			for (int i = 0; i < 3; i++) {
				ContentResponse response = jetty.GET(uri("/d/1"));
				assertThat(response.getStatus()).isEqualTo(200);
				assertThat(response.getContentAsString()).isEqualTo(ServerControl.BODY);
			}
		}
		finally {
			jetty.stop();
		}
		Map<String, Long> stats = ServerControl.stats(this.server.controlPort());
		assertThat(stats).containsEntry("accepted", 1L).containsEntry("http1", 0L).containsEntry("http2", 3L);
	}

	@Test
	void whenThePathIsNotADelayThenItIsNotFound() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri("/d/x")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.port() + path);
	}

	@Test
	void whenTheStarterWarmsUpAtStartupThenTheServerAnsweredItsWarmupRequestsBeforeTheClientIsReturned()
			throws Exception {
		try (io.github.internalhttp.benchmarks.clients.BenchClient client = ClientRunner.create("starter-h2c-warmup",
				uri("/d/0"))) {
			Map<String, Long> stats = ServerControl.stats(this.server.controlPort());
			assertThat(stats).containsEntry("accepted", 1L)
				.containsEntry("http2", (long) io.github.internalhttp.benchmarks.clients.SpringRestClients.WARMUP_REQUESTS);
			assertThat(client.call(uri("/d/0"))).isEqualTo(ServerControl.BODY);
		}
	}

	@Test
	void whenThePoolClientRunsWithAndWithoutMetersThenBothAnswerOverH2c() throws Exception {
		for (String id : new String[] { "starter-pool-h2c", "starter-pool-h2c-meters" }) {
			try (io.github.internalhttp.benchmarks.clients.BenchClient client = ClientRunner.create(id, uri("/d/0"))) {
				assertThat(client.call(uri("/d/0"))).isEqualTo(ServerControl.BODY);
				assertThat(client.describe().contains("meters bound")).as(id).isEqualTo(id.endsWith("-meters"));
			}
		}
		Map<String, Long> stats = ServerControl.stats(this.server.controlPort());
		assertThat(stats).containsEntry("http1", 0L).containsEntry("http2", 2L);
	}

}
