package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The benchmark server, run in its own JVM so that its CPU is not charged to the client
 * under test. One loopback connector speaks HTTP/1.1 and h2c (prior knowledge) and
 * answers {@code GET /d/{ms}} with a small fixed body after a modeled delay of
 * {@code ms} milliseconds that holds no thread. A second, uncounted connector serves
 * {@code GET /stats}: connections accepted on the first connector, requests per HTTP
 * version and the server's CPU time.
 * <p>
 * Like nginx and Tomcat's default, it does not honour {@code Upgrade: h2c} on an
 * HTTP/1.1 request (the JDK client sends one by default), so HTTP/1.1 clients stay on
 * HTTP/1.1 and only clients configured for h2c speak HTTP/2.
 * <p>
 * It prints {@code READY <port> <controlPort>} once listening, and stops when its
 * standard input closes (the driver ended) or after {@code maxLifetimeSeconds}.
 */
public final class BenchServer {

	/** The response body: small and fixed. */
	private static final byte[] BODY = ServerControl.BODY.getBytes(StandardCharsets.US_ASCII);

	private static final PreEncodedHttpField CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE,
			"text/plain");

	private static final PreEncodedHttpField CONTENT_LENGTH = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH,
			Integer.toString(BODY.length));

	private final LongAdder accepted = new LongAdder();

	private final LongAdder http1Requests = new LongAdder();

	private final LongAdder http2Requests = new LongAdder();

	private final Server server;

	private final ServerConnector connector;

	private final ServerConnector control;

	BenchServer(int port) {
		QueuedThreadPool threads = new QueuedThreadPool(200, 8);
		threads.setName("bench-server");
		this.server = new Server(threads);
		HttpConfiguration config = new HttpConfiguration();
		config.setSendServerVersion(false);
		config.setSendDateHeader(false);
		HTTP2CServerConnectionFactory h2c = new PriorKnowledgeOnlyH2c(config);
		h2c.setMaxConcurrentStreams(1024);
		this.connector = new ServerConnector(this.server, new HttpConnectionFactory(config), h2c);
		this.connector.setHost("127.0.0.1");
		this.connector.setPort(port);
		this.connector.setAcceptQueueSize(1024);
		// Counts sockets, not Connection objects: a prior-knowledge h2c socket opens an
		// HTTP/1.1 connection first and is then upgraded in place.
		this.connector.addBean(new SelectorManager.AcceptListener() {
			@Override
			public void onAccepted(SelectableChannel channel) {
				BenchServer.this.accepted.increment();
			}
		});
		this.control = new ServerConnector(this.server, new HttpConnectionFactory(config));
		this.control.setHost("127.0.0.1");
		this.control.setPort(0);
		this.server.addConnector(this.connector);
		this.server.addConnector(this.control);
		this.server.setHandler(new BenchHandler());
	}

	void start() throws Exception {
		this.server.start();
	}

	void stop() throws Exception {
		this.server.stop();
	}

	int port() {
		return this.connector.getLocalPort();
	}

	int controlPort() {
		return this.control.getLocalPort();
	}

	String stats() {
		long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		return "accepted=" + this.accepted.sum() + " http1=" + this.http1Requests.sum() + " http2="
				+ this.http2Requests.sum() + " cpuNanos=" + cpu + "\n";
	}

	public static void main(String[] args) throws Exception {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 0;
		long maxLifetimeSeconds = (args.length > 1) ? Long.parseLong(args[1]) : 3600;
		BenchServer server = new BenchServer(port);
		server.start();
		System.out.println("READY " + server.port() + " " + server.controlPort());
		System.out.flush();
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(TimeUnit.SECONDS.toMillis(maxLifetimeSeconds));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			System.err.println("BenchServer: max lifetime reached, stopping");
			System.exit(2);
		}, "bench-server-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		awaitEndOfInput(System.in);
		server.stop();
	}

	private static void awaitEndOfInput(InputStream in) {
		byte[] buffer = new byte[256];
		try {
			while (in.read(buffer) >= 0) {
				// Input is ignored: only its end matters.
			}
		}
		catch (IOException ex) {
			// The driver is gone: stop.
		}
	}

	private final class BenchHandler extends Handler.Abstract.NonBlocking {

		@Override
		public boolean handle(Request request, Response response, Callback callback) {
			if (request.getConnectionMetaData().getConnector() == BenchServer.this.control) {
				return stats(response, callback);
			}
			String path = request.getHttpURI().getPath();
			if (!path.startsWith("/d/")) {
				return false;
			}
			long delay = parseDelay(path);
			if (delay < 0) {
				return false;
			}
			if (request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2) {
				BenchServer.this.http2Requests.increment();
			}
			else {
				BenchServer.this.http1Requests.increment();
			}
			if (delay == 0) {
				respond(response, callback);
			}
			else {
				Scheduler scheduler = request.getComponents().getScheduler();
				scheduler.schedule(() -> respond(response, callback), delay, TimeUnit.MILLISECONDS);
			}
			return true;
		}

		private boolean stats(Response response, Callback callback) {
			response.getHeaders().put(CONTENT_TYPE);
			response.write(true, ByteBuffer.wrap(BenchServer.this.stats().getBytes(StandardCharsets.US_ASCII)),
					callback);
			return true;
		}

		private static long parseDelay(String path) {
			long delay = 0;
			for (int i = 3; i < path.length(); i++) {
				char c = path.charAt(i);
				if (c < '0' || c > '9' || delay > 60_000) {
					return -1;
				}
				delay = delay * 10 + (c - '0');
			}
			return (path.length() > 3) ? delay : -1;
		}

		private static void respond(Response response, Callback callback) {
			HttpFields.Mutable headers = response.getHeaders();
			headers.put(CONTENT_TYPE);
			headers.put(CONTENT_LENGTH);
			response.write(true, ByteBuffer.wrap(BODY), callback);
		}

	}

	/**
	 * h2c by prior knowledge only: an HTTP/1.1 {@code Upgrade: h2c} request is answered
	 * on HTTP/1.1, as nginx and Tomcat do by default.
	 */
	private static final class PriorKnowledgeOnlyH2c extends HTTP2CServerConnectionFactory {

		PriorKnowledgeOnlyH2c(HttpConfiguration config) {
			super(config);
		}

		@Override
		public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request,
				HttpFields.Mutable responseFields) {
			if (!HttpMethod.PRI.is(request.getMethod())) {
				return null;
			}
			return super.upgradeConnection(connector, endPoint, request, responseFields);
		}

	}

}
