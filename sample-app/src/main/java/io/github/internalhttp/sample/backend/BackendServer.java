package io.github.internalhttp.sample.backend;

import java.net.URI;
import java.time.Duration;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The backend the sample calls: a Jetty server on 127.0.0.1 serving HTTP/1.1 and h2c
 * (prior knowledge) on one port, that counts the TCP connections it accepts so that a
 * caller can see what its calls cost.
 */
public final class BackendServer implements AutoCloseable {

	/** Host the backend listens on: loopback only. */
	public static final String HOST = "127.0.0.1";

	private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);

	private final Server server;

	private final ServerConnector connector;

	private final AcceptedConnectionCounter acceptedConnections = new AcceptedConnectionCounter();

	private final Duration defaultDelay;

	public BackendServer(BackendProperties properties) {
		QueuedThreadPool threads = new QueuedThreadPool();
		threads.setName("sample-backend");
		this.server = new Server(threads);
		HttpConfiguration configuration = new HttpConfiguration();
		configuration.setSendServerVersion(false);
		HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(configuration);
		h2c.setMaxConcurrentStreams(properties.getMaxConcurrentStreams());
		// HTTP/1.1 first: it is the default, and it hands over to h2c when a connection
		// starts with the HTTP/2 preface.
		this.connector = new ServerConnector(this.server, new HttpConnectionFactory(configuration), h2c);
		this.connector.setHost(HOST);
		this.connector.setPort(properties.getPort());
		// Longer than the client's idle timeout (60s by default), so that the client closes
		// idle connections first instead of racing the server on a closing one.
		this.connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
		this.connector.addBean(this.acceptedConnections);
		this.server.addConnector(this.connector);
		this.defaultDelay = properties.getDelay();
		this.server.setHandler(new DelayedResponseHandler(this.defaultDelay));
	}

	/**
	 * Start listening.
	 * @throws IllegalStateException if the server cannot start, for example because its
	 * port is taken
	 */
	public void start() {
		try {
			this.server.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the sample backend on " + HOST + ":"
					+ this.connector.getPort() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
	}

	/**
	 * The port the backend listens on, once started.
	 * @return the local port
	 */
	public int getPort() {
		return this.connector.getLocalPort();
	}

	/**
	 * The backend's base URI, once started.
	 * @return {@code http://127.0.0.1:port}
	 */
	public URI getUri() {
		return URI.create("http://" + HOST + ":" + getPort());
	}

	/**
	 * How long the backend waits before answering a request that names no delay.
	 * @return the default delay
	 */
	public Duration getDefaultDelay() {
		return this.defaultDelay;
	}

	/**
	 * TCP connections accepted since the backend started.
	 * @return the number of accepted connections
	 */
	public long getConnectionsAccepted() {
		return this.acceptedConnections.get();
	}

}
