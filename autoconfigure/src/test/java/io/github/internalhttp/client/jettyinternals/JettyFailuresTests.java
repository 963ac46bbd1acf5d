package io.github.internalhttp.client.jettyinternals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jetty's failures as a user reads them: no dumps of Jetty objects, and closed
 * connections told apart.
 */
class JettyFailuresTests {

	@Test
	void whenAMessageEmbedsAJettyObjectDumpThenOnlyTheTextBeforeItRemains() {
		IOException failure = new IOException("HTTP protocol violation: bad response on "
				+ "oejcti.HttpConnectionOverHTTP@193cb42d::oeji.SocketChannelEndPoint@6ac5a5c3[{l=/127.0.0.1:50400,"
				+ "r=/127.0.0.1:39441,OPEN,fill=-,flush=-,to=2/60000}]");
		assertThat(JettyFailures.plainMessage(failure)).isEqualTo("HTTP protocol violation: bad response");
	}

	@Test
	void whenAMessageIsOnlyADumpOrEmptyThenTheTypeNamesIt() {
		assertThat(JettyFailures.plainMessage(new EOFException("HttpConnectionOverHTTP@54956291::x")))
			.isEqualTo("EOFException");
		assertThat(JettyFailures.plainMessage(new ClosedChannelException())).isEqualTo("ClosedChannelException");
	}

	@Test
	void whenAMessageIsPlainThenItIsKept() {
		assertThat(JettyFailures.plainMessage(new IOException("Connection reset by peer")))
			.isEqualTo("Connection reset by peer");
		assertThat(JettyFailures.plainMessage(new IOException("it must contain a plain in"))).isEqualTo(
				"it must contain a plain in");
	}

	@Test
	void whenAConnectionClosedUnderARequestThenItIsToldApart() {
		assertThat(JettyFailures.isConnectionClosed(new EofException("reset"))).isTrue();
		assertThat(JettyFailures.isConnectionClosed(new EOFException())).isTrue();
		assertThat(JettyFailures.isConnectionClosed(new ClosedChannelException())).isTrue();
		assertThat(JettyFailures.isConnectionClosed(new IOException("other"))).isFalse();
	}

	@Test
	void whenTheClientRefusedAnHttp2ResponseHeaderBlockThenItIsToldApartFromOtherProtocolErrors() {
		assertThat(JettyFailures.isHttp2HeaderBlockRefused(new IOException("protocol_error/invalid_hpack_block")))
			.isTrue();
		assertThat(
				JettyFailures.isHttp2HeaderBlockRefused(new IOException("protocol_error/invalid_continuation_stream")))
			.isTrue();
		// A corrupt encoding is a compression error, not a size: it stays what it is.
		assertThat(JettyFailures.isHttp2HeaderBlockRefused(new IOException("compression_error/invalid_hpack_block")))
			.isFalse();
		assertThat(JettyFailures.isHttp2HeaderBlockRefused(new IOException("protocol_error/invalid_data_frame")))
			.isFalse();
		assertThat(JettyFailures.isHttp2HeaderBlockRefused(null)).isFalse();
	}

}
