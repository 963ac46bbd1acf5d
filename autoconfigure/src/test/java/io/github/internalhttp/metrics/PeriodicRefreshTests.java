package io.github.internalhttp.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.client.InternalHttpClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link PeriodicRefresh}: the refresh thread of the metrics binders.
 */
class PeriodicRefreshTests {

	private static final String THREAD = InternalHttpClient.THREAD_NAME_PREFIX + "-refresh-test";

	@Test
	void whenARefreshFailsThenTheNextOnesStillRun() {
		AtomicInteger runs = new AtomicInteger();
		PeriodicRefresh refresh = new PeriodicRefresh("refresh-test", Duration.ofMillis(10), () -> {
			runs.incrementAndGet();
			throw new IllegalStateException("failed refresh");
		});
		refresh.start();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 3);
		}
		finally {
			refresh.stop();
		}
	}

	@Test
	void whenAskedSoonThenItRefreshesBeforeItsInterval() {
		AtomicInteger runs = new AtomicInteger();
		PeriodicRefresh refresh = new PeriodicRefresh("refresh-test", Duration.ofHours(1), runs::incrementAndGet);
		refresh.soon(0);
		assertThat(runs).hasValue(0);
		refresh.start();
		try {
			refresh.soon(0);
			await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() == 1);
		}
		finally {
			refresh.stop();
		}
	}

	@Test
	void whenStoppedThenItsThreadHasEnded() {
		PeriodicRefresh refresh = new PeriodicRefresh("refresh-test", Duration.ofMillis(10), () -> {
		});
		refresh.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> threads() == 1);
		refresh.stop();
		assertThat(threads()).isZero();
		refresh.soon(0);
		assertThat(threads()).isZero();
	}

	@Test
	void whenTheIntervalIsNotPositiveThenItIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PeriodicRefresh("refresh-test", Duration.ZERO, () -> {
		})).withMessageContaining("refreshInterval must be positive");
	}

	private static long threads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().equals(THREAD))
			.count();
	}

}
