package io.github.internalhttp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.internal.HTTP2ServerConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty server on 127.0.0.1 for tests: HTTP/1.1 and h2c on one clear-text port, or
 * TLS with ALPN. It counts the TCP connections it accepted and answers every request with
 * the protocol it was received over, after an optional delay that blocks no thread
 * ({@code ?delayMs=}). The path {@code /redirect} answers 302 to {@code /}. The path {@code /close} answers with {@code Connection: close};
 * {@code /hold} answers once {@link #release()} is called; {@code /set-cookie} sets a
 * cookie; {@code ?headerBytes=n} adds a response header of n bytes; {@code /body} shapes the body (see {@link #bodyUri(int, boolean, String)}); {@code ?status=n} answers with status n.
 */
public final class TestServer implements AutoCloseable {

	/** Largest response header block the clear-text server can send: 256 KiB. */
	private static final int LARGEST_HEADERS = 256 * 1024;

	/** Response header carrying the protocol the request arrived over. */
	public static final String PROTOCOL_HEADER = "X-Protocol";

	/** Request header whose value the server sends back in {@link #ECHO_HEADER}. */
	public static final String TEST_HEADER = "X-Test";

	/** Response header echoing the request's cookies, if it had any. */
	public static final String COOKIE_ECHO_HEADER = "X-Cookie-Echo";

	/** Response header echoing {@link #TEST_HEADER}. */
	public static final String ECHO_HEADER = "X-Test-Echo";

	private final Server server;

	private final ServerConnector connector;

	private final boolean tls;

	private final Set<SocketAddress> clients = ConcurrentHashMap.newKeySet();

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicInteger connectionCloseRequests = new AtomicInteger();

	/** The host as URLs write it: an IPv6 address in brackets. */
	private final String uriHost;

	private final CompletableFuture<Void> gate = new CompletableFuture<>();

	private final AtomicInteger admittedBeforeGoAway = new AtomicInteger();


	private volatile int goAwayAfter;

	private volatile boolean ignoreHeaderListSize;

	private volatile int releaseAfter;

	private final AtomicInteger connectionsToClose = new AtomicInteger();

	private final Map<Integer, byte[]> bodies = new ConcurrentHashMap<>();

	private TestServer(boolean tls, ConnectionFactory... factories) {
		this(tls, "127.0.0.1", factories);
	}

	private TestServer(boolean tls, String host, ConnectionFactory... factories) {
		this.uriHost = host.contains(":") ? "[" + host + "]" : host;
		QueuedThreadPool threads = new QueuedThreadPool(64);
		threads.setName("test-server");
		this.server = new Server(threads);
		this.tls = tls;
		this.connector = new ServerConnector(this.server, 1, 1, factories);
		this.connector.setHost(host);
		this.connector.addEventListener(new Connection.Listener() {

			@Override
			public void onOpened(Connection connection) {
				// One TCP connection opens several Jetty connections (TLS, ALPN, HTTP/2, or
				// HTTP/1.1 upgraded to h2c): count the client sockets behind them.
				SocketAddress client = connection.getEndPoint().getRemoteSocketAddress();
				if (client != null && TestServer.this.clients.add(client)
						&& TestServer.this.connectionsToClose.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
					connection.getEndPoint().close();
				}
			}

		});
		this.server.addConnector(this.connector);
		this.server.setHandler(new RespondingHandler());
	}

	/**
	 * HTTP/1.1 and h2c with prior knowledge on one clear-text port.
	 * @param maxConcurrentStreams the SETTINGS_MAX_CONCURRENT_STREAMS the server sends
	 * @return a started server
	 */
	public static TestServer clearText(int maxConcurrentStreams) {
		return clearText("127.0.0.1", maxConcurrentStreams);
	}

	/**
	 * HTTP/1.1 and h2c with prior knowledge on one clear-text port of the given loopback
	 * address, such as {@code ::1}.
	 * @param host the loopback address to bind
	 * @param maxConcurrentStreams the SETTINGS_MAX_CONCURRENT_STREAMS the server sends
	 * @return a started server
	 */
	public static TestServer clearText(String host, int maxConcurrentStreams) {
		HttpConfiguration config = new HttpConfiguration();
		// Room for /big-headers, which tests the client's limit.
		config.setResponseHeaderSize(LARGEST_HEADERS);
		HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
		h2c.setMaxConcurrentStreams(maxConcurrentStreams);
		return start(new TestServer(false, host, new HttpConnectionFactory(config), h2c));
	}

	/**
	 * HTTP/1.1 only on a clear-text port: an h2c preface gets no HTTP/2 answer.
	 * @return a started server
	 */
	public static TestServer http1Only() {
		return start(new TestServer(false, new HttpConnectionFactory(new HttpConfiguration())));
	}

	/**
	 * TLS with ALPN offering h2 and http/1.1, or http/1.1 only.
	 * @param http2 whether the server offers h2
	 * @param maxConcurrentStreams the SETTINGS_MAX_CONCURRENT_STREAMS the server sends
	 * @return a started server
	 */
	public static TestServer tls(boolean http2, int maxConcurrentStreams) {
		return tls("127.0.0.1", http2, maxConcurrentStreams);
	}

	/**
	 * TLS with ALPN on the given loopback address, with the certificate of 127.0.0.1 and
	 * localhost: on another address, such as 127.0.0.2, its name does not match.
	 * @param host the loopback address to bind
	 * @param http2 whether the server offers h2
	 * @param maxConcurrentStreams the SETTINGS_MAX_CONCURRENT_STREAMS the server sends
	 * @return a started server
	 */
	public static TestServer tls(String host, boolean http2, int maxConcurrentStreams) {
		HttpConfiguration config = new HttpConfiguration();
		config.addCustomizer(new SecureRequestCustomizer(false));
		SslContextFactory.Server sslContextFactory = new SslContextFactory.Server();
		sslContextFactory.setKeyStorePath(TestServer.class.getResource("/tls/server.p12").toExternalForm());
		sslContextFactory.setKeyStorePassword("changeit");
		sslContextFactory.setKeyStoreType("PKCS12");
		HttpConnectionFactory http1 = new HttpConnectionFactory(config);
		if (!http2) {
			return start(new TestServer(true, host, new SslConnectionFactory(sslContextFactory, "http/1.1"), http1));
		}
		HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
		h2.setMaxConcurrentStreams(maxConcurrentStreams);
		ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
		alpn.setDefaultProtocol("http/1.1");
		return start(new TestServer(true, host, new SslConnectionFactory(sslContextFactory, alpn.getProtocol()), alpn,
				h2, http1));
	}

	private static TestServer start(TestServer server) {
		try {
			server.server.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return server;
	}

	/**
	 * Make the server shut the HTTP/2 connection of a request down gracefully, as a
	 * server being reloaded does, once it has received the given number of requests: it
	 * sends GOAWAY, finishes the streams it took and refuses the others, which the client
	 * must send again elsewhere.
	 * @param requests requests admitted before the GOAWAY
	 * @return this server
	 */
	public TestServer goAwayAfter(int requests) {
		this.goAwayAfter = requests;
		return this;
	}

	/**
	 * Make the server send HTTP/2 response headers of any size, ignoring the
	 * SETTINGS_MAX_HEADER_LIST_SIZE its client announced, as some servers do: Jetty's
	 * server otherwise keeps to it and resets the stream instead.
	 * @return this server
	 */
	public TestServer ignoringAnnouncedHeaderListSize() {
		this.ignoreHeaderListSize = true;
		return this;
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

	/**
	 * The destination name the client gives this server.
	 * @return {@code scheme://127.0.0.1:port}
	 */
	public String destination() {
		return (this.tls ? "https" : "http") + "://" + this.uriHost + ":" + port();
	}

	/**
	 * Close every connection at once, mid-request, as a crashed server process would,
	 * while still accepting new connections.
	 */
	public void dropConnections() {
		this.connector.getConnectedEndPoints().forEach(EndPoint::close);
	}

	/**
	 * Close the next connections as soon as they are accepted, before reading anything,
	 * as a server restarting or shedding load does.
	 * @param connections how many connections to close
	 */
	public void closeNextConnections(int connections) {
		this.connectionsToClose.set(connections);
	}

	/**
	 * Hold the requests on {@code /hold} until the server has received the given number
	 * of requests, then answer them all: every one of them is in flight at once.
	 * @param requests requests received before the held ones are answered
	 * @return this server
	 */
	public TestServer releaseAfter(int requests) {
		this.releaseAfter = requests;
		return this;
	}

	/**
	 * Answer every request held on {@code /hold}, and the later ones at once.
	 */
	public void release() {
		this.gate.complete(null);
	}

	public int port() {
		return this.connector.getLocalPort();
	}

	public URI uri(String pathAndQuery) {
		return URI.create((this.tls ? "https" : "http") + "://" + this.uriHost + ":" + port() + pathAndQuery);
	}

	/**
	 * The TCP connections accepted so far.
	 * @return the number of distinct client sockets seen
	 */
	public int connectionsAccepted() {
		return this.clients.size();
	}

	public int requests() {
		return this.requests.get();
	}

	/**
	 * Requests that asked the server to close the connection.
	 * @return the number of requests with {@code Connection: close}
	 */
	public int connectionCloseRequests() {
		return this.connectionCloseRequests.get();
	}

	/**
	 * Stop the server at once, closing every connection under its requests, as a killed
	 * process does, then start it again on the same port.
	 */
	public void killAndRestart() {
		int port = port();
		try {
			this.server.stop();
			this.connector.setPort(port);
			this.server.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not restart the test server on port " + port, ex);
		}
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

	/**
	 * A URI whose response body has the given shape. Its first half is written at once;
	 * the second half after the given step.
	 * @param bytes the body's size
	 * @param declareLength whether the response declares {@code Content-Length}; without
	 * it the body has no length known in advance (chunked on HTTP/1.1)
	 * @param then {@code now} to write the rest at once, {@code hold} to write it once
	 * {@link #release()} is called, {@code fail} to fail the response instead
	 * @return the URI
	 */
	public URI bodyUri(int bytes, boolean declareLength, String then) {
		return uri("/body?bytes=" + bytes + "&length=" + declareLength + "&then=" + then);
	}

	private void writeShapedBody(Fields query, Response response, Callback callback) {
		int bytes = Integer.parseInt(query.getValue("bytes"));
		// One body per size, shared: responses only read it.
		byte[] body = this.bodies.computeIfAbsent(bytes, (size) -> {
			byte[] filled = new byte[size];
			Arrays.fill(filled, (byte) 'x');
			return filled;
		});
		if (Boolean.parseBoolean(query.getValue("length"))) {
			response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes);
		}
		String then = query.getValue("then");
		int half = bytes / 2;
		Runnable rest = () -> {
			if ("fail".equals(then)) {
				callback.failed(new IOException("Failing the response after half its body"));
			}
			else {
				response.write(true, ByteBuffer.wrap(body, half, bytes - half), callback);
			}
		};
		response.write(false, ByteBuffer.wrap(body, 0, half), Callback.from(() -> {
			if ("hold".equals(then)) {
				this.gate.thenRun(rest);
			}
			else {
				rest.run();
			}
		}, callback::failed));
	}

	private final class RespondingHandler extends Handler.Abstract.NonBlocking {

		@Override
		public boolean handle(Request request, Response response, Callback callback) {
			int received = TestServer.this.requests.incrementAndGet();
			int releaseAfter = TestServer.this.releaseAfter;
			if (releaseAfter > 0 && received >= releaseAfter) {
				TestServer.this.gate.complete(null);
			}
			if (request.getHeaders().contains(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString())) {
				TestServer.this.connectionCloseRequests.incrementAndGet();
			}
			response.getHeaders().put(PROTOCOL_HEADER, request.getConnectionMetaData().getProtocol());
			if ("/set-cookie".equals(Request.getPathInContext(request))) {
				response.getHeaders().put(HttpHeader.SET_COOKIE, "session=caller-a; Path=/");
			}
			String cookie = request.getHeaders().get(HttpHeader.COOKIE);
			if (cookie != null) {
				response.getHeaders().put(COOKIE_ECHO_HEADER, cookie);
			}
			String test = request.getHeaders().get(TEST_HEADER);
			if (test != null) {
				response.getHeaders().put(ECHO_HEADER, test);
			}
			String bigHeaders = Request.extractQueryParameters(request).getValue("headerBytes");
			if (bigHeaders != null) {
				response.getHeaders().put("X-Big", "a".repeat(Integer.parseInt(bigHeaders)));
			}
			if ("/redirect".equals(Request.getPathInContext(request))) {
				// A redirect to the root, which answers 200: a client that follows it gets "ok".
				response.setStatus(302);
				response.getHeaders().put(HttpHeader.LOCATION, "/");
				Content.Source.consumeAll(request, Callback.from(() -> response.write(true, null, callback),
						callback::failed));
				return true;
			}
			if ("/close".equals(Request.getPathInContext(request))) {
				response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
			}
			if (request.getConnectionMetaData().getConnection() instanceof HTTP2ServerConnection http2) {
				HTTP2Session session = http2.getSession();
				if (TestServer.this.ignoreHeaderListSize) {
					// The encoder holds the peer's announced limit; lift it before the response's headers.
					session.getGenerator().getHpackEncoder().setMaxHeaderListSize(Integer.MAX_VALUE);
				}
				int streamId = Integer.parseInt(request.getId());
				if ("/h1-required".equals(Request.getPathInContext(request))) {
					session.getStream(streamId)
						.reset(new ResetFrame(streamId, ErrorCode.HTTP_1_1_REQUIRED_ERROR.code), Callback.NOOP);
					callback.failed(new IOException("HTTP/1.1 required"));
					return true;
				}
				String maxStreams = Request.extractQueryParameters(request).getValue("maxStreams");
				if (maxStreams != null) {
					// A server changing its stream limit on a live connection.
					session.settings(new SettingsFrame(
							Map.of(SettingsFrame.MAX_CONCURRENT_STREAMS, Integer.parseInt(maxStreams)), false),
							Callback.NOOP);
				}
				int goAwayAfter = TestServer.this.goAwayAfter;
				if (goAwayAfter > 0 && TestServer.this.admittedBeforeGoAway.incrementAndGet() == goAwayAfter) {
					// Jetty's graceful shutdown, as on a server stop: a GOAWAY with the
					// highest stream id, then one with the last stream it processes.
					session.shutdown();
				}
			}
			if ("/body".equals(Request.getPathInContext(request))) {
				writeShapedBody(Request.extractQueryParameters(request), response, callback);
				return true;
			}
			if ("/hold".equals(Request.getPathInContext(request))) {
				TestServer.this.gate.thenRun(() -> response.write(true,
						ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback));
				return true;
			}
			Fields query = Request.extractQueryParameters(request);
			if (query.get("status") != null) {
				response.setStatus(Integer.parseInt(query.get("status").getValue()));
			}
			long delayMs = (query.get("delayMs") != null) ? Long.parseLong(query.get("delayMs").getValue()) : 0;
			Runnable write = () -> response.write(true,
					ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
			// Read the request body first, as a real service does: a server that answers
			// before reading it resets the stream, which says nothing about the client.
			Runnable respond = () -> Content.Source.consumeAll(request, Callback.from(write, callback::failed));
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
