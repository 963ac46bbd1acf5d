package io.github.internalhttp.testsupport;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.api.server.ServerSessionListener;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.server.RawHTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An h2c server on 127.0.0.1 that resets the streams it is sent with an HTTP/2 error code
 * of the test's choosing: the first {@code resets} streams, then it answers the others
 * {@code 200 ok}, or that closes the connection with a GOAWAY of that code. It counts every stream it receives, so a test can tell a request sent
 * again from one sent once.
 */
public final class ResettingHttp2Server implements AutoCloseable {

	private final Server server = new Server();

	private final ServerConnector connector;

	private final int errorCode;

	private final int resets;

	/** Whether a stream to refuse closes the whole session with a GOAWAY instead. */
	private final boolean goAway;

	private final AtomicInteger streams = new AtomicInteger();

	private ResettingHttp2Server(int errorCode, int resets) {
		this(errorCode, resets, false);
	}

	private ResettingHttp2Server(int errorCode, int resets, boolean goAway) {
		this.errorCode = errorCode;
		this.resets = resets;
		this.goAway = goAway;
		this.connector = new ServerConnector(this.server,
				new RawHTTP2ServerConnectionFactory(new HttpConfiguration(), new Resetting()));
		this.connector.setHost("127.0.0.1");
		this.server.addConnector(this.connector);
	}

	/**
	 * Start a server that resets every stream.
	 * @param errorCode the RST_STREAM error code
	 * @return the started server
	 */
	public static ResettingHttp2Server resettingEvery(int errorCode) {
		return start(new ResettingHttp2Server(errorCode, Integer.MAX_VALUE));
	}

	/**
	 * Start a server that resets the first streams, then answers.
	 * @param errorCode the RST_STREAM error code
	 * @param resets how many streams to reset before it answers
	 * @return the started server
	 */
	public static ResettingHttp2Server resettingFirst(int errorCode, int resets) {
		return start(new ResettingHttp2Server(errorCode, resets));
	}

	/**
	 * Start a server that closes the connection of the first stream it is sent with a
	 * GOAWAY carrying the error code, that stream included in the GOAWAY's last stream id,
	 * and a close of the TCP connection, then answers the streams of later connections.
	 * @param errorCode the GOAWAY error code
	 * @return the started server
	 */
	public static ResettingHttp2Server goingAwayOnFirst(int errorCode) {
		return start(new ResettingHttp2Server(errorCode, 1, true));
	}

	private static ResettingHttp2Server start(ResettingHttp2Server server) {
		try {
			server.server.start();
			return server;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the resetting server", ex);
		}
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.connector.getLocalPort() + path);
	}

	public String destination() {
		return "http://127.0.0.1:" + this.connector.getLocalPort();
	}

	/**
	 * Streams received, reset or answered.
	 * @return the count
	 */
	public int streams() {
		return this.streams.get();
	}

	@Override
	public void close() {
		try {
			this.server.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private final class Resetting implements ServerSessionListener {

		@Override
		public Stream.Listener onNewStream(Stream stream, HeadersFrame frame) {
			int number = ResettingHttp2Server.this.streams.incrementAndGet();
			if (number <= ResettingHttp2Server.this.resets && ResettingHttp2Server.this.goAway) {
				// As Jetty's own rapid-reset protection does: GOAWAY, then the TCP connection closes.
				HTTP2Session session = (HTTP2Session) stream.getSession();
				session.close(ResettingHttp2Server.this.errorCode, "calm down",
						Callback.from(() -> session.getEndPoint().close()));
				return null;
			}
			if (number <= ResettingHttp2Server.this.resets) {
				stream.reset(new ResetFrame(stream.getId(), ResettingHttp2Server.this.errorCode), Callback.NOOP);
				return null;
			}
			MetaData.Response response = new MetaData.Response(200, null, HttpVersion.HTTP_2,
					HttpFields.build().put("content-length", "2"));
			stream.headers(new HeadersFrame(stream.getId(), response, null, false),
					Callback.from(() -> stream.data(new DataFrame(stream.getId(),
							java.nio.ByteBuffer.wrap(new byte[] { 'o', 'k' }), true), Callback.NOOP)));
			// Discard whatever body the request has.
			return Stream.Listener.AUTO_DISCARD;
		}

	}

}
