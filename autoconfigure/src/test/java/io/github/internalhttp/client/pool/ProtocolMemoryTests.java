package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ProtocolMemory}, with time passed in rather than slept.
 */
class ProtocolMemoryTests {

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	private final Clock clock = new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return ProtocolMemoryTests.this.now;
		}

	};

	private final ProtocolMemory memory = new ProtocolMemory(Duration.ofMinutes(10), this.clock);

	@Test
	void whenNothingWasLearnedThenNoDestinationRequiresHttp1() {
		assertThat(this.memory.requiresHttp1("http", "orders", 8080)).isFalse();
	}

	@Test
	void whenDestinationIsRememberedThenOnlyThatDestinationRequiresHttp1UntilTheTtlEnds() {
		assertThat(this.memory.rememberHttp1("http", "Orders", 8080)).isTrue();
		assertThat(this.memory.requiresHttp1("http", "orders", 8080)).isTrue();
		assertThat(this.memory.requiresHttp1("http", "orders", 8081)).isFalse();
		assertThat(this.memory.requiresHttp1("https", "orders", 8080)).isFalse();
		this.now = this.now.plus(Duration.ofMinutes(9));
		assertThat(this.memory.requiresHttp1("http", "orders", 8080)).isTrue();
		this.now = this.now.plus(Duration.ofMinutes(1));
		assertThat(this.memory.requiresHttp1("http", "orders", 8080)).isFalse();
	}

	@Test
	void whenDestinationIsRememberedTwiceThenOnlyTheFirstIsADowngrade() {
		assertThat(this.memory.rememberHttp1("http", "orders", 8080)).isTrue();
		assertThat(this.memory.rememberHttp1("http", "orders", 8080)).isFalse();
	}

	@Test
	void whenTtlIsNotPositiveThenConstructionFailsNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ProtocolMemory(Duration.ZERO, this.clock))
			.withMessageContaining("timeToLive");
	}

}
