package io.github.internalhttp.benchmarks.clients;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;

/**
 * Apache HttpClient 5 async with HTTP/2 forced ({@code FORCE_HTTP_2}, h2c by prior
 * knowledge on clear text) and message multiplexing over leased HTTP/2 connections,
 * otherwise its defaults, asynchronous.
 */
public final class ApacheAsyncClient implements BenchClient {

	private final CloseableHttpAsyncClient client;

	public ApacheAsyncClient() {
		this.client = HttpAsyncClients.custom()
			.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
				.setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_2).build())
				.setMessageMultiplexing(true)
				.build())
			.build();
		this.client.start();
	}

	@Override
	public boolean async() {
		return true;
	}

	@Override
	public CompletableFuture<String> callAsync(URI uri) {
		CompletableFuture<String> result = new CompletableFuture<>();
		SimpleHttpRequest request = SimpleRequestBuilder.get(uri).build();
		this.client.execute(request, new FutureCallback<>() {

			@Override
			public void completed(SimpleHttpResponse response) {
				if (response.getCode() != 200) {
					result.completeExceptionally(new IllegalStateException("HTTP status " + response.getCode()));
				}
				else {
					result.complete(response.getBodyText());
				}
			}

			@Override
			public void failed(Exception ex) {
				result.completeExceptionally(ex);
			}

			@Override
			public void cancelled() {
				result.cancel(false);
			}

		});
		return result;
	}

	@Override
	public String describe() {
		return "Apache HttpClient 5 async, FORCE_HTTP_2, message multiplexing";
	}

	@Override
	public void close() {
		this.client.close(CloseMode.IMMEDIATE);
	}

}
