package io.github.internalhttp.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;

import org.eclipse.jetty.client.RetryableRequestException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryPolicy}: what the server did not process is sent again whatever
 * the method; what it may have processed only when idempotent.
 */
class RetryPolicyTests {

	@Test
	void whenServerResetsAStreamWithAnyOtherCodeThenNotEvenAGetIsSentAgain() {
		for (String reset : new String[] { "internal_error", "cancel_stream_error", "enhance_your_calm_error",
				"protocol_error", "no_error" }) {
			assertThat(RetryPolicy.reasonToRetry(HttpMethod.GET, new IOException(reset), 0)).as(reset).isNull();
		}
	}

	@Test
	void whenResponseHeadersWereTooLargeThenNotEvenAGetIsSentAgain() {
		// As Jetty fails an h2 request whose header block its client refused (the WebClient
		// path decides on it), and as the blocking path describes it.
		for (String refused : new String[] { "protocol_error/invalid_hpack_block",
				"protocol_error/invalid_continuation_stream" }) {
			assertThat(RetryPolicy.reasonToRetry(HttpMethod.GET, new IOException(refused), 0)).as(refused).isNull();
		}
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.GET, new ResponseHeadersTooLargeException("http://orders:8080",
				16384, new IOException("protocol_error/invalid_hpack_block")), 0)).isNull();
	}

	@Test
	void whenServerProvablyDidNotProcessTheRequestThenItIsSentAgainWhateverItsMethod() {
		for (HttpMethod method : new HttpMethod[] { HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH }) {
			assertThat(RetryPolicy.reasonToRetry(method, new RetryableRequestException("goaway"), 0))
				.isEqualTo(RetryPolicy.GOAWAY);
			assertThat(RetryPolicy.reasonToRetry(method, new IOException("refused_stream_error"), 0))
				.isEqualTo(RetryPolicy.REFUSED_STREAM);
			assertThat(RetryPolicy.reasonToRetry(method, new IOException("http_1_1_required_error"), 0))
				.isEqualTo(RetryPolicy.HTTP_1_1_REQUIRED);
			assertThat(RetryPolicy.reasonToRetry(method,
					new ProtocolDowngradeException("http://a:1", "no h2c", new IOException()), 0))
				.isEqualTo(RetryPolicy.H2C_FALLBACK);
			assertThat(RetryPolicy.reasonToRetry(method,
					new PrefaceClosedException("http://a:1", "closed", new java.nio.channels.ClosedChannelException()), 1))
				.isEqualTo(RetryPolicy.PREFACE_CLOSED);
			assertThat(RetryPolicy.reasonToRetry(method, new IllegalStateException("session closed"), 0))
				.isEqualTo(RetryPolicy.SESSION_CLOSED);
		}
	}

	@Test
	void whenAConnectionFailsBeforeTheResponseThenOnlyIdempotentRequestsAreSentAgainWithinTheBound() {
		for (HttpMethod method : new HttpMethod[] { HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
				HttpMethod.DELETE, HttpMethod.OPTIONS }) {
			assertThat(RetryPolicy.reasonToRetry(method, new ClosedChannelException(), 0))
				.isEqualTo(RetryPolicy.CONNECTION_FAILURE);
			// After a GOAWAY's retry, say, that met a server going away too.
			assertThat(RetryPolicy.reasonToRetry(method, new EOFException(), 1))
				.isEqualTo(RetryPolicy.CONNECTION_FAILURE);
			assertThat(RetryPolicy.reasonToRetry(method, new EOFException(), RetryPolicy.MAX_RETRIES)).isNull();
		}
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.POST, new ClosedChannelException(), 0)).isNull();
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.PATCH, new EOFException(), 0)).isNull();
	}

	@Test
	void whenTheFailureIsAConnectFailureOrATimeoutThenNothingIsSentAgain() {
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.GET, new ConnectException("refused"), 0)).isNull();
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.GET, new SocketTimeoutException("late"), 0)).isNull();
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.GET, new IllegalArgumentException("bad"), 0)).isNull();
	}

	@Test
	void whenTheServerTookTheRequestInBeforeAGoAwayWithAnErrorCodeThenNothingIsSentAgain() {
		GoAwayException goAway = new GoAwayException("http://orders:8080", "ENHANCE_YOUR_CALM",
				new java.io.EOFException("reset"));
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.GET, goAway, 0)).isNull();
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.POST, goAway, 0)).isNull();
	}

	@Test
	void whenTheTlsHandshakeFailsThenNothingIsSentAgain() {
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.GET,
				new javax.net.ssl.SSLHandshakeException("PKIX path building failed"), 0))
			.isNull();
	}

	@Test
	void whenRetriesAreUsedUpThenTheFailureSurfaces() {
		assertThat(RetryPolicy.reasonToRetry(HttpMethod.POST, new RetryableRequestException("goaway"),
				RetryPolicy.MAX_RETRIES)).isNull();
	}

}
