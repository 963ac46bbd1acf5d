package io.github.internalhttp.client.pool;

import java.time.Clock;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the PING decisions and GOAWAY counting of {@link TrackedConnection}.
 */
class TrackedConnectionTests {

	private final DestinationStats stats = new DestinationStats(Clock.systemUTC());

	private final TrackedConnection tracked = new TrackedConnection(new IdleConnection(), 0, this.stats);

	@Test
	void whenConnectionWasQuietForAWholeRoundThenItNeedsAPing() {
		// The first round only takes note of what was received so far.
		assertThat(this.tracked.needsPing()).isFalse();
		assertThat(this.tracked.needsPing()).isTrue();
	}

	@Test
	void whenConnectionReceivedFramesSinceLastRoundThenItNeedsNoPing() {
		this.tracked.needsPing();
		this.tracked.onIncomingFrame(null, new PingFrame(true));
		assertThat(this.tracked.needsPing()).isFalse();
		assertThat(this.tracked.needsPing()).isTrue();
	}

	@Test
	void whenPingIsAwaitingAnswerThenNoSecondPingIsSentUntilItSettles() {
		this.tracked.needsPing();
		assertThat(this.tracked.needsPing()).isTrue();
		assertThat(this.tracked.needsPing()).isFalse();
		this.tracked.pingSettled();
		assertThat(this.tracked.needsPing()).isTrue();
	}

	@Test
	void whenGoAwayIsReceivedThenDestinationCountsIt() {
		this.tracked.onIncomingFrame(null, new GoAwayFrame(1, ErrorCode.NO_ERROR.code, null));
		this.tracked.onIncomingFrame(null, new PingFrame(true));
		assertThat(this.stats.goAways()).isEqualTo(1);
		assertThat(this.tracked.framesReceived()).isEqualTo(2);
	}

	private static final class IdleConnection implements Connection {

		@Override
		public void send(Request request, Response.CompleteListener listener) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void close() {
		}

		@Override
		public boolean isClosed() {
			return false;
		}

	}

}
