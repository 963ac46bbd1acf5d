package io.github.internalhttp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An h2c peer on 127.0.0.1 that stops talking: it accepts connections, answers the
 * client's preface with an empty SETTINGS frame and a SETTINGS acknowledgement, after an
 * optional delay or never, and then sends nothing more, not even PING answers, as a
 * backend behind a dead NAT entry or a hung host would. It reads and discards whatever
 * the client sends, and counts the connections the client closed.
 */
public final class SilentHttp2Peer implements AutoCloseable {

	private static final byte[] EMPTY_SETTINGS = { 0, 0, 0, 4, 0, 0, 0, 0, 0 };

	private static final byte[] SETTINGS_ACK = { 0, 0, 0, 4, 1, 0, 0, 0, 0 };

	private final ServerSocket serverSocket;

	private final Duration settingsDelay;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private volatile boolean closed;

	private SilentHttp2Peer(Duration settingsDelay) throws IOException {
		this.settingsDelay = settingsDelay;
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "silent-h2-peer-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * A peer that completes the HTTP/2 preface at once, then goes silent.
	 * @return a started peer
	 */
	public static SilentHttp2Peer start() {
		return start(Duration.ZERO);
	}

	/**
	 * A peer that completes the HTTP/2 preface after a delay, then goes silent.
	 * @param settingsDelay how long it waits before its SETTINGS; {@code null} for
	 * forever
	 * @return a started peer
	 */
	public static SilentHttp2Peer start(Duration settingsDelay) {
		try {
			return new SilentHttp2Peer(settingsDelay);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public URI uri() {
		return URI.create("http://127.0.0.1:" + this.serverSocket.getLocalPort() + "/");
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	public int connectionsAccepted() {
		return this.accepted.get();
	}

	/**
	 * Connections the client closed: their end of stream was read.
	 * @return the number of connections closed by the client
	 */
	public int connectionsClosedByClient() {
		return this.closedByClient.get();
	}

	/**
	 * Send a GOAWAY frame on every connection, as a server going away does, and stay
	 * silent otherwise: the streams in flight get no answer.
	 * @param lastStreamId the last stream the peer says it processes
	 */
	public void goAway(int lastStreamId) {
		byte[] frame = { 0, 0, 8, 7, 0, 0, 0, 0, 0, (byte) (lastStreamId >>> 24), (byte) (lastStreamId >>> 16),
				(byte) (lastStreamId >>> 8), (byte) lastStreamId, 0, 0, 0, 0 };
		for (Socket socket : this.sockets) {
			try {
				OutputStream out = socket.getOutputStream();
				synchronized (socket) {
					out.write(frame);
					out.flush();
				}
			}
			catch (IOException ex) {
				// The client went away.
			}
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket socket = this.serverSocket.accept();
				this.accepted.incrementAndGet();
				this.sockets.add(socket);
				Thread serving = new Thread(() -> serve(socket), "silent-h2-peer");
				serving.setDaemon(true);
				serving.start();
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			if (this.settingsDelay != null) {
				Thread writer = new Thread(() -> answerPreface(socket), "silent-h2-peer-preface");
				writer.setDaemon(true);
				writer.start();
			}
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			while (in.read(buffer) != -1) {
				// Discard frames, PINGs included.
			}
			this.closedByClient.incrementAndGet();
		}
		catch (IOException ex) {
			// Reset by the client, or the peer is closing.
			if (!this.closed) {
				this.closedByClient.incrementAndGet();
			}
		}
	}

	private void answerPreface(Socket socket) {
		try {
			Thread.sleep(this.settingsDelay.toMillis());
			OutputStream out = socket.getOutputStream();
			synchronized (socket) {
				out.write(EMPTY_SETTINGS);
				out.write(SETTINGS_ACK);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// The client went away first.
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Best effort.
		}
		for (Socket socket : this.sockets) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Best effort.
			}
		}
	}

}
