package io.github.internalhttp.client.jettyinternals;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.internal.HTTP2ServerConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An h2c Jetty server on 127.0.0.1 whose every exchange the test drives: {@code /held}
 * waits until the test answers it, {@code /reset?code=} resets the stream with an HTTP/2
 * error code, {@code /ok-then-shutdown} answers and then shuts its connection down
 * gracefully, any other path answers {@code ok}.
 */
final class ContractServer implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final Server server;

	private final ServerConnector connector;

	private final BlockingQueue<HeldExchange> held = new LinkedBlockingQueue<>();

	ContractServer(int maxConcurrentStreams) {
		QueuedThreadPool threads = new QueuedThreadPool(32);
		threads.setName("contract-server");
		this.server = new Server(threads);
		HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(new HttpConfiguration());
		h2c.setMaxConcurrentStreams(maxConcurrentStreams);
		this.connector = new ServerConnector(this.server, 1, 1, h2c);
		this.connector.setHost("127.0.0.1");
		this.server.addConnector(this.connector);
		this.server.setHandler(new ContractHandler());
		try {
			this.server.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.connector.getLocalPort() + pathAndQuery);
	}

	/**
	 * The next exchange held on {@code /held}, in arrival order.
	 * @return the exchange, once the server has received it
	 */
	HeldExchange nextHeld() {
		try {
			HeldExchange exchange = this.held.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			if (exchange == null) {
				throw new IllegalStateException("No request reached /held within " + WAIT);
			}
			return exchange;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		HeldExchange exchange;
		while ((exchange = this.held.poll()) != null) {
			exchange.answer();
		}
		try {
			this.server.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HTTP2Session sessionOf(Request request) {
		return ((HTTP2ServerConnection) request.getConnectionMetaData().getConnection()).getSession();
	}

	private static void writeOk(Response response, Callback callback) {
		response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
	}

	/**
	 * A request the server holds until the test answers it.
	 *
	 * @param response its response
	 * @param callback completes the exchange
	 * @param session the server's end of the connection
	 */
	record HeldExchange(Response response, Callback callback, HTTP2Session session) {

		void answer() {
			writeOk(this.response, this.callback);
		}

	}

	private final class ContractHandler extends Handler.Abstract.NonBlocking {

		@Override
		public boolean handle(Request request, Response response, Callback callback) {
			String path = Request.getPathInContext(request);
			HTTP2Session session = sessionOf(request);
			switch (path) {
				case "/held" -> ContractServer.this.held.add(new HeldExchange(response, callback, session));
				case "/reset" -> {
					int code = Integer.parseInt(Request.extractQueryParameters(request).getValue("code"));
					int streamId = Integer.parseInt(request.getId());
					session.getStream(streamId).reset(new ResetFrame(streamId, code), Callback.NOOP);
					callback.failed(new IOException("Stream reset with code " + code));
				}
				case "/ok-then-shutdown" -> writeOk(response, Callback.from(() -> {
					callback.succeeded();
					session.shutdown();
				}, callback::failed));
				default -> writeOk(response, callback);
			}
			return true;
		}

	}

}
