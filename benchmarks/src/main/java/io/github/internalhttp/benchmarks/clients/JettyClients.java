package io.github.internalhttp.benchmarks.clients;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.client.InternalHttpClientSettings;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Jetty's {@link HttpClient} used directly, with the settings the starter applies by
 * default (timeouts, windows, pool limits, threads), but Jetty's own transports and
 * connection pools: the baseline for the cost of the starter's layer.
 */
public final class JettyClients implements BenchClient {

	private final HttpClient client;

	private final boolean async;

	private final long timeoutMillis;

	private final String description;

	private JettyClients(boolean h2c, boolean async) {
		InternalHttpClientSettings settings = InternalHttpClientSettings.defaults();
		ClientConnector connector = new ClientConnector();
		HttpClientTransport transport;
		if (h2c) {
			HTTP2Client http2Client = new HTTP2Client(connector);
			http2Client.setInitialStreamRecvWindow(settings.http2().initialStreamWindow());
			http2Client.setInitialSessionRecvWindow(settings.http2().initialSessionWindow());
			transport = new HttpClientTransportOverHTTP2(http2Client);
		}
		else {
			transport = new HttpClientTransportOverHTTP(connector);
		}
		HttpClient httpClient = new HttpClient(transport);
		QueuedThreadPool executor = new QueuedThreadPool();
		executor.setName("jetty-client");
		executor.setDaemon(true);
		httpClient.setExecutor(executor);
		httpClient.setScheduler(new ScheduledExecutorScheduler("jetty-client-scheduler", true));
		httpClient.setConnectTimeout(settings.connectTimeout().toMillis());
		httpClient.setIdleTimeout(settings.idleTimeout().toMillis());
		httpClient.setMaxResponseHeadersSize(settings.maxResponseHeadersSize());
		httpClient.setMaxConnectionsPerDestination(settings.pool().maxConnectionsPerDestination());
		httpClient.setMaxRequestsQueuedPerDestination(settings.pool().maxQueuedRequestsPerDestination());
		try {
			httpClient.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		this.client = httpClient;
		this.async = async;
		this.timeoutMillis = settings.responseTimeout().toMillis();
		this.description = "Jetty HttpClient " + (h2c ? "h2c" : "HTTP/1.1") + ", "
				+ httpClient.getTransport().getClass().getSimpleName() + ", "
				+ (async ? "async send" : "blocking send()");
	}

	/**
	 * Raw Jetty, h2c by prior knowledge, blocking calls as {@code RestClient} makes them.
	 * @return the client
	 */
	public static JettyClients h2c() {
		return new JettyClients(true, false);
	}

	/**
	 * Raw Jetty, h2c by prior knowledge, asynchronous calls.
	 * @return the client
	 */
	public static JettyClients h2cAsync() {
		return new JettyClients(true, true);
	}

	/**
	 * Raw Jetty, HTTP/1.1, blocking calls.
	 * @return the client
	 */
	public static JettyClients http1() {
		return new JettyClients(false, false);
	}

	@Override
	public boolean async() {
		return this.async;
	}

	@Override
	public String call(URI uri) throws Exception {
		return send(this.client.newRequest(uri), this.timeoutMillis);
	}

	/**
	 * Send a request with Jetty's blocking API and read its body, as every Jetty-based
	 * client here does.
	 */
	static String send(Request request, long timeoutMillis) throws Exception {
		ContentResponse response = request.timeout(timeoutMillis, TimeUnit.MILLISECONDS).send();
		BenchClient.requireOk(response.getStatus());
		return response.getContentAsString();
	}

	@Override
	public CompletableFuture<String> callAsync(URI uri) {
		return new CompletableResponseListener(
				this.client.newRequest(uri).timeout(this.timeoutMillis, TimeUnit.MILLISECONDS))
			.send()
			.thenApply((response) -> {
				if (response.getStatus() != 200) {
					throw new IllegalStateException("HTTP status " + response.getStatus());
				}
				return response.getContentAsString();
			});
	}

	@Override
	public String describe() {
		return this.description;
	}

	@Override
	public void close() throws Exception {
		this.client.stop();
	}

}
