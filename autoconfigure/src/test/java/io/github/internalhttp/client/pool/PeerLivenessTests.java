package io.github.internalhttp.client.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the PING decisions of {@link PeerLiveness}.
 */
class PeerLivenessTests {

	private final PeerLiveness liveness = new PeerLiveness();

	@Test
	void whenConnectionWasQuietForAWholeRoundThenItNeedsAPing() {
		// The first round only takes note of what was received so far.
		assertThat(this.liveness.needsPing()).isFalse();
		assertThat(this.liveness.needsPing()).isTrue();
	}

	@Test
	void whenConnectionReceivedFramesSinceLastRoundThenItNeedsNoPing() {
		this.liveness.needsPing();
		this.liveness.frameReceived();
		assertThat(this.liveness.needsPing()).isFalse();
		assertThat(this.liveness.needsPing()).isTrue();
	}

	@Test
	void whenPingIsAwaitingAnswerThenNoSecondPingIsSentUntilItSettles() {
		this.liveness.needsPing();
		assertThat(this.liveness.needsPing()).isTrue();
		assertThat(this.liveness.needsPing()).isFalse();
		this.liveness.pingSettled();
		assertThat(this.liveness.needsPing()).isTrue();
	}

}
