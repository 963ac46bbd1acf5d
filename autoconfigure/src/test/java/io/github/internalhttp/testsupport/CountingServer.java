package io.github.internalhttp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty server on 127.0.0.1 speaking HTTP/1.1 and h2c on one port, that counts
 * the TCP connections it accepted. Every request gets {@code ok}, after
 * {@code ?delayMs=} milliseconds (no thread blocked) or, for {@code /hold}, once
 * {@link #release()} is called.
 */
public final class CountingServer implements AutoCloseable {

	private final Server server;

	private final ServerConnector connector;

	private final Set<SocketAddress> clients = ConcurrentHashMap.newKeySet();

	private final CompletableFuture<Void> gate = new CompletableFuture<>();

	private CountingServer(int maxConcurrentStreams) {
		QueuedThreadPool threads = new QueuedThreadPool(32);
		threads.setName("counting-server");
		this.server = new Server(threads);
		HttpConfiguration config = new HttpConfiguration();
		HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
		h2c.setMaxConcurrentStreams(maxConcurrentStreams);
		this.connector = new ServerConnector(this.server, 1, 1, new HttpConnectionFactory(config), h2c);
		this.connector.setHost("127.0.0.1");
		this.connector.addEventListener(new Connection.Listener() {

			@Override
			public void onOpened(Connection connection) {
				CountingServer.this.clients.add(connection.getEndPoint().getRemoteSocketAddress());
			}

		});
		this.server.addConnector(this.connector);
		this.server.setHandler(new RespondingHandler());
	}

	/**
	 * Start a server.
	 * @param maxConcurrentStreams the SETTINGS_MAX_CONCURRENT_STREAMS it advertises
	 * @return the started server
	 */
	public static CountingServer start(int maxConcurrentStreams) {
		CountingServer server = new CountingServer(maxConcurrentStreams);
		try {
			server.server.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return server;
	}

	/**
	 * A port on 127.0.0.1 where nothing listens.
	 * @return the port
	 */
	public static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.connector.getLocalPort();
	}

	public URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
	}

	/**
	 * The destination name the client gives this server.
	 * @return {@code http://127.0.0.1:port}
	 */
	public String destination() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * The TCP connections accepted so far.
	 * @return the number of distinct client sockets seen
	 */
	public int connectionsAccepted() {
		return this.clients.size();
	}

	/**
	 * Answer every held request, and the later ones at once.
	 */
	public void release() {
		this.gate.complete(null);
	}

	@Override
	public void close() {
		release();
		try {
			this.server.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private final class RespondingHandler extends Handler.Abstract.NonBlocking {

		@Override
		public boolean handle(Request request, Response response, Callback callback) {
			Runnable respond = () -> response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)),
					callback);
			if ("/hold".equals(Request.getPathInContext(request))) {
				CountingServer.this.gate.thenRun(respond);
				return true;
			}
			Fields.Field delay = Request.extractQueryParameters(request).get("delayMs");
			long delayMs = (delay != null) ? Long.parseLong(delay.getValue()) : 0;
			if (delayMs > 0) {
				request.getComponents().getScheduler().schedule(respond, delayMs, TimeUnit.MILLISECONDS);
			}
			else {
				respond.run();
			}
			return true;
		}

	}

}
