package io.github.internalhttp.benchmarks.clients;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import reactor.netty.http.HttpProtocol;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;

/**
 * Reactor Netty with h2c by prior knowledge ({@code HttpProtocol.H2C}), otherwise its
 * defaults, asynchronous.
 */
public final class ReactorNettyClient implements BenchClient {

	private final HttpClient client = HttpClient.create().protocol(HttpProtocol.H2C);

	@Override
	public boolean async() {
		return true;
	}

	@Override
	public CompletableFuture<String> callAsync(URI uri) {
		return this.client.get().uri(uri).responseSingle((response, body) -> {
			if (response.status().code() != 200) {
				return reactor.core.publisher.Mono.error(new IllegalStateException("HTTP status " + response.status()));
			}
			return body.asString();
		}).toFuture();
	}

	@Override
	public String describe() {
		return "Reactor Netty HttpClient, HttpProtocol.H2C, async";
	}

	@Override
	public void close() {
		HttpResources.disposeLoopsAndConnections();
	}

}
