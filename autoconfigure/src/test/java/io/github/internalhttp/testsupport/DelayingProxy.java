package io.github.internalhttp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that holds the first bytes each server sends for a fixed delay,
 * then relays everything as it comes. In front of a TLS server it delays the ServerHello,
 * so the client's TLS handshake takes at least the delay while its TCP connect, to the
 * proxy, does not.
 */
public final class DelayingProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int upstreamPort;

	private final Duration firstReplyDelay;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	/**
	 * Start a proxy.
	 * @param upstreamPort the port on 127.0.0.1 to relay to
	 * @param firstReplyDelay how long the first bytes from the server wait
	 */
	public DelayingProxy(int upstreamPort, Duration firstReplyDelay) {
		this.upstreamPort = upstreamPort;
		this.firstReplyDelay = firstReplyDelay;
		try {
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon("delaying-proxy-accept", this::accept).start();
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.listener.accept();
				Socket server = new Socket();
				server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.upstreamPort));
				this.sockets.add(client);
				this.sockets.add(server);
				daemon("delaying-proxy-up", () -> relay(client, server, Duration.ZERO)).start();
				daemon("delaying-proxy-down", () -> relay(server, client, this.firstReplyDelay)).start();
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	private void relay(Socket from, Socket to, Duration firstDelay) {
		byte[] buffer = new byte[16 * 1024];
		boolean first = true;
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (first && !firstDelay.isZero()) {
					Thread.sleep(firstDelay.toMillis());
				}
				first = false;
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// One side closed.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		this.sockets.forEach(DelayingProxy::closeQuietly);
	}

}
