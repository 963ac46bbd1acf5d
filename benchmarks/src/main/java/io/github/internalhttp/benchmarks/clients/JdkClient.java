package io.github.internalhttp.benchmarks.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's {@code java.net.http.HttpClient}, HTTP/1.1, blocking {@code send}.
 */
public final class JdkClient implements BenchClient {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@Override
	public String call(URI uri) throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		BenchClient.requireOk(response.statusCode());
		return response.body();
	}

	@Override
	public String describe() {
		return "java.net.http.HttpClient " + Runtime.version().feature() + ", HTTP/1.1, blocking send()";
	}

	@Override
	public void close() {
		// JDK 17's HttpClient has no close(): its threads and connections end with the JVM.
	}

}
