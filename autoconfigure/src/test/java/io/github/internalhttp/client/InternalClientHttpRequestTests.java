package io.github.internalhttp.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.internalhttp.testsupport.ClientUnderTest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server receives from {@link InternalClientHttpRequest} through
 * {@code RestClient}: the caller's headers, and a body (with its length and type) only
 * when the caller wrote one, over HTTP/1.1 and h2c.
 */
class InternalClientHttpRequestTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	private Server server;

	private int port;

	@BeforeEach
	void startEchoServer() throws Exception {
		this.server = new Server();
		HttpConfiguration configuration = new HttpConfiguration();
		ServerConnector connector = new ServerConnector(this.server, new HttpConnectionFactory(configuration),
				new HTTP2CServerConnectionFactory(configuration));
		connector.setHost("127.0.0.1");
		this.server.addConnector(connector);
		this.server.setHandler(new EchoHandler());
		this.server.start();
		this.port = connector.getLocalPort();
	}

	@AfterEach
	void stopEchoServer() throws Exception {
		this.server.stop();
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "HTTP1", "H2C" })
	void whenAGetIsSentThenTheServerReceivesTheCallersHeadersAndNoBodyOrLength(ProtocolMode protocol) {
		String echo = restClient(protocol).get()
			.uri(uri())
			.header("X-Caller", "a", "b")
			.retrieve()
			.body(String.class);
		assertThat(echo).isEqualTo("GET length=none type=none x-caller=a,b body=");
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "HTTP1", "H2C" })
	void whenAPostHasABodyThenTheServerReceivesItWithItsLengthAndType(ProtocolMode protocol) {
		String echo = restClient(protocol).post()
			.uri(uri())
			.contentType(MediaType.TEXT_PLAIN)
			.body("hello")
			.retrieve()
			.body(String.class);
		assertThat(echo).startsWith("POST length=5 type=text/plain").endsWith("body=hello");
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "HTTP1", "H2C" })
	void whenAPostHasNoBodyThenItDeclaresALengthOfZero(ProtocolMode protocol) {
		String echo = restClient(protocol).post().uri(uri()).retrieve().body(String.class);
		assertThat(echo).isEqualTo("POST length=0 type=none x-caller=none body=");
	}

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "HTTP1", "H2C" })
	void whenAnInterceptorReplacesTheBodyThenTheServerReceivesTheNewBody(ProtocolMode protocol) {
		RestClient restClient = restClient(protocol).mutate()
			.requestInterceptor((request, body, execution) -> execution.execute(request,
					new String(body, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8)))
			.build();
		String echo = restClient.put()
			.uri(uri())
			.contentType(MediaType.TEXT_PLAIN)
			.body("hello")
			.retrieve()
			.body(String.class);
		assertThat(echo).startsWith("PUT length=5 type=text/plain").endsWith("body=HELLO");
	}

	private RestClient restClient(ProtocolMode protocol) {
		return this.client.restClient(InternalHttpClientSettings.defaults().withProtocol(protocol));
	}

	private URI uri() {
		return URI.create("http://127.0.0.1:" + this.port + "/echo");
	}

	/** Answers with what it received: method, length, type, the X-Caller values, the body. */
	private static final class EchoHandler extends Handler.Abstract.NonBlocking {

		@Override
		public boolean handle(Request request, Response response, Callback callback) {
			Content.Source.asString(request, StandardCharsets.UTF_8, new org.eclipse.jetty.util.Promise<>() {

				@Override
				public void succeeded(String body) {
					String length = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
					String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
					String caller = String.join(",", request.getHeaders().getValuesList("X-Caller"));
					String echo = request.getMethod() + " length=" + ((length != null) ? length : "none") + " type="
							+ ((type != null) ? type : "none") + " x-caller=" + (caller.isEmpty() ? "none" : caller)
							+ " body=" + body;
					response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
					response.write(true, ByteBuffer.wrap(echo.getBytes(StandardCharsets.UTF_8)), callback);
				}

				@Override
				public void failed(Throwable failure) {
					callback.failed(failure);
				}

			});
			return true;
		}

	}

}
