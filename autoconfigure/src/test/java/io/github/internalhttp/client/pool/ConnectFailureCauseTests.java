package io.github.internalhttp.client.pool;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectFailureCause}: the bounded tag of a failed dial.
 */
class ConnectFailureCauseTests {

	@Test
	void whenTheFailureTellsItsCauseThenThatIsTheTag() {
		assertThat(ConnectFailureCause.of(new ConnectException("Connection refused")).tag()).isEqualTo("refused");
		assertThat(ConnectFailureCause.of(new NoRouteToHostException()).tag()).isEqualTo("refused");
		assertThat(ConnectFailureCause.of(new SocketTimeoutException("Connect Timeout")).tag()).isEqualTo("timeout");
		assertThat(ConnectFailureCause.of(new TimeoutException()).tag()).isEqualTo("timeout");
		assertThat(ConnectFailureCause.of(new SSLHandshakeException("PKIX path building failed")).tag())
			.isEqualTo("tls");
		assertThat(ConnectFailureCause.of(new UnknownHostException("nonexistent.invalid")).tag()).isEqualTo("dns");
		assertThat(ConnectFailureCause.of(new UnresolvedAddressException()).tag()).isEqualTo("dns");
	}

	@Test
	void whenTheCauseIsWrappedThenTheFirstCauseThatTellsIsTheTag() {
		Throwable wrapped = new ExecutionException(new IOException("dial failed", new UnknownHostException("x")));
		assertThat(ConnectFailureCause.of(wrapped)).isEqualTo(ConnectFailureCause.DNS);
	}

	@Test
	void whenNothingTellsTheCauseThenItIsOther() {
		assertThat(ConnectFailureCause.of(new ClosedChannelException()).tag()).isEqualTo("other");
		assertThat(ConnectFailureCause.of(new IOException("frame_size_error")).tag()).isEqualTo("other");
	}

}
