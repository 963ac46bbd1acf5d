package io.github.internalhttp.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 that drops kept-alive connections the way a server
 * does after its own idle timeout: it answers the first request of a connection, then
 * reads the second and closes the socket without answering. The client then holds a
 * stale connection whose failure comes before any response byte.
 */
public final class StaleConnectionServer implements AutoCloseable {

	private final ServerSocket socket;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger requestsAnswered = new AtomicInteger();

	public StaleConnectionServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.socket.getLocalPort() + path);
	}

	public int connections() {
		return this.connections.get();
	}

	public int requestsAnswered() {
		return this.requestsAnswered.get();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				this.connections.incrementAndGet();
				this.threads.execute(() -> serve(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client) {
			BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
			readRequest(in);
			OutputStream out = client.getOutputStream();
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			this.requestsAnswered.incrementAndGet();
			readRequest(in);
			// Close without answering the second request.
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

	private static void readRequest(BufferedReader in) throws IOException {
		int contentLength = 0;
		String line;
		while ((line = in.readLine()) != null && !line.isEmpty()) {
			if (line.toLowerCase().startsWith("content-length:")) {
				contentLength = Integer.parseInt(line.substring(15).trim());
			}
		}
		for (int i = 0; i < contentLength; i++) {
			in.read();
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.threads.shutdownNow();
	}

}
