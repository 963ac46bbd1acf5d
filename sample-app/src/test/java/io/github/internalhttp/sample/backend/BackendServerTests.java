package io.github.internalhttp.sample.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackendServerTests {

	private BackendServer backend;

	private HttpClient h2cClient;

	@BeforeEach
	void start() throws Exception {
		BackendProperties properties = new BackendProperties();
		properties.setDelay(Duration.ZERO);
		this.backend = new BackendServer(properties);
		this.backend.start();
		this.h2cClient = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
		this.h2cClient.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.h2cClient.stop();
		this.backend.close();
	}

	@Test
	void whenStartedThenItListensOnLoopbackOnAFreePort() {
		assertThat(this.backend.getPort()).isPositive();
		assertThat(this.backend.getUri()).hasToString("http://127.0.0.1:" + this.backend.getPort());
	}

	@Test
	void whenAnH2cClientSendsConcurrentRequestsThenTheyShareOneConnectionCountedOnce() throws Exception {
		// Jetty's own pool opens several connections for requests sent before it knows the
		// server's stream limit; one request first leaves it one connection to share.
		assertThat(this.h2cClient.GET(this.backend.getUri().resolve("/work")).getStatus()).isEqualTo(200);
		List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			responses.add(new CompletableResponseListener(
					this.h2cClient.newRequest(this.backend.getUri().resolve("/work?delayMs=50")))
				.send());
		}
		for (CompletableFuture<ContentResponse> response : responses) {
			ContentResponse answered = response.get(10, TimeUnit.SECONDS);
			assertThat(answered.getStatus()).isEqualTo(200);
			assertThat(answered.getVersion()).isEqualTo(HttpVersion.HTTP_2);
			assertThat(answered.getContentAsString()).isEqualTo("ok\n");
		}
		assertThat(this.backend.getConnectionsAccepted()).isEqualTo(1);
	}

	@Test
	void whenHttp1ClientsConnectThenEachConnectionIsCounted() throws IOException {
		for (int i = 0; i < 3; i++) {
			assertThat(http1Get("/work")).startsWith("HTTP/1.1 200 ").endsWith("ok\n");
		}
		assertThat(this.backend.getConnectionsAccepted()).isEqualTo(3);
	}

	@Test
	void whenARequestNamesADelayThenItIsAnsweredNoSoonerThanThat() throws Exception {
		long start = System.nanoTime();
		ContentResponse response = this.h2cClient.GET(this.backend.getUri().resolve("/work?delayMs=300"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void whenTheDelayIsInvalidThenTheRequestIsRejected() throws Exception {
		assertThat(this.h2cClient.GET(this.backend.getUri().resolve("/work?delayMs=-1")).getStatus()).isEqualTo(400);
		assertThat(this.h2cClient.GET(this.backend.getUri().resolve("/work?delayMs=soon")).getStatus())
			.isEqualTo(400);
		assertThat(this.h2cClient.GET(this.backend.getUri().resolve("/work?delayMs=10001")).getStatus())
			.isEqualTo(400);
	}

	private String http1Get(String path) throws IOException {
		try (Socket socket = new Socket(BackendServer.HOST, this.backend.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream output = socket.getOutputStream();
			output.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			output.flush();
			InputStream input = socket.getInputStream();
			return new String(input.readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

}
