package io.github.internalhttp.benchmarks.clients;

import java.net.URI;
import java.util.List;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp 5 with h2c by prior knowledge ({@code H2_PRIOR_KNOWLEDGE}), otherwise its
 * defaults, blocking {@code execute()}.
 */
public final class OkHttpClients implements BenchClient {

	private final OkHttpClient client = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
		.build();

	@Override
	public String call(URI uri) throws Exception {
		try (Response response = this.client.newCall(new Request.Builder().url(HttpUrl.get(uri)).build()).execute()) {
			BenchClient.requireOk(response.code());
			return response.body().string();
		}
	}

	@Override
	public String describe() {
		return "OkHttp " + okhttp3.OkHttp.VERSION + ", H2_PRIOR_KNOWLEDGE, blocking execute()";
	}

	@Override
	public void close() {
		this.client.dispatcher().executorService().shutdown();
		this.client.connectionPool().evictAll();
	}

}
