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
 * Tests of what {@link TrackedConnection} makes of the frames its peer sends.
 */
class TrackedConnectionTests {

	private final DestinationStats stats = new DestinationStats(Clock.systemUTC());

	private final TrackedConnection tracked = new TrackedConnection(new IdleConnection(), 0, 0, this.stats);

	@Test
	void whenGoAwayIsReceivedThenDestinationCountsItAndTheServerIsGoingAway() {
		this.tracked.frameReceived(new PingFrame(true));
		assertThat(this.tracked.isGoingAway()).isFalse();
		this.tracked.frameReceived(new GoAwayFrame(1, ErrorCode.NO_ERROR.code, null));
		assertThat(this.stats.goAways()).isEqualTo(1);
		assertThat(this.tracked.liveness().framesReceived()).isEqualTo(2);
		assertThat(this.tracked.isGoingAway()).isTrue();
	}

	@Test
	void whenTwoGoAwaysAreReceivedThenTwoRemovalsAreSkippedAndNoMore() {
		this.tracked.frameReceived(new GoAwayFrame(Integer.MAX_VALUE, ErrorCode.NO_ERROR.code, null));
		this.tracked.frameReceived(new GoAwayFrame(3, ErrorCode.NO_ERROR.code, null));
		assertThat(this.tracked.goAwayRemovals().takeRemoval()).isTrue();
		assertThat(this.tracked.goAwayRemovals().takeRemoval()).isTrue();
		assertThat(this.tracked.goAwayRemovals().takeRemoval()).isFalse();
	}

	@Test
	void whenConnectionIsUsedUpThenItIsNotGoingAway() {
		this.tracked.usedUp();
		assertThat(this.tracked.isUsedUp()).isTrue();
		assertThat(this.tracked.isGoingAway()).isFalse();
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
