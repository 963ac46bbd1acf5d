package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the driver, the clients and the {@link BenchServer} agree on, with nothing but
 * the JDK: the body the server sends, and reading the server's counters.
 */
final class ServerControl {

	/** The response body: small and fixed. */
	static final String BODY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n";

	private ServerControl() {
	}

	/**
	 * The server's counters, read over its control connector with a plain socket, so
	 * that reading them opens no connection the server counts and loads no HTTP client.
	 * @param controlPort the control connector's port
	 * @return counters by name: accepted, http1, http2, cpuNanos
	 * @throws IOException if the server does not answer
	 */
	static Map<String, Long> stats(int controlPort) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", controlPort), 5000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			String body = response.substring(response.indexOf("\r\n\r\n") + 4).trim();
			Map<String, Long> stats = new HashMap<>();
			for (String pair : body.split(" ")) {
				int eq = pair.indexOf('=');
				stats.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
			}
			return stats;
		}
	}

}
