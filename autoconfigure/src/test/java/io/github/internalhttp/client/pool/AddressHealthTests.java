package io.github.internalhttp.client.pool;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An address whose dials fail is backed off for a time that doubles with each failure in
 * a row, up to a cap, on the time given; a dial that connects ends the backoff.
 */
class AddressHealthTests {

	private static final long T0 = 1_000_000;

	private final AddressHealth health = new AddressHealth();

	@Test
	void aFailedDialBacksTheAddressOffForOneSecond() {
		this.health.dialBegun();
		this.health.dialFailed(new ConnectException("Connection refused"), T0);
		assertThat(this.health.isDown()).isTrue();
		assertThat(this.health.isBackedOff(T0 + 999)).isTrue();
		assertThat(this.health.isBackedOff(T0 + 1_000)).isFalse();
		assertThat(this.health.failures()).isEqualTo(1);
		assertThat(this.health.dialsUnderWay()).isZero();
		assertThat(this.health.lastFailure().message()).isEqualTo("ConnectException: Connection refused");
	}

	@Test
	void theBackoffDoublesWithEachFailureInARowUpToThirtySeconds() {
		long[] expected = { 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000 };
		for (long backoff : expected) {
			this.health.dialFailed(new ConnectException(), T0);
			assertThat(this.health.isBackedOff(T0 + backoff - 1)).isTrue();
			assertThat(this.health.isBackedOff(T0 + backoff)).isFalse();
		}
	}

	@Test
	void aDialThatConnectsEndsTheBackoffAndItsDialEndsOnceThePoolHasTheConnection() {
		this.health.dialFailed(new ConnectException(), T0);
		this.health.dialBegun();
		this.health.connected();
		assertThat(this.health.isDown()).isFalse();
		assertThat(this.health.isBackedOff(T0)).isFalse();
		assertThat(this.health.dialsUnderWay()).isEqualTo(1);
		this.health.connectionReady();
		assertThat(this.health.dialsUnderWay()).isZero();
		this.health.dialFailed(new ConnectException(), T0);
		assertThat(this.health.isBackedOff(T0 + 1_999)).as("first failure in a new row").isFalse();
	}

}
