package io.github.internalhttp.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.internalhttp.testsupport.TestServer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual-thread callers ({@code spring.threads.virtual.enabled=true}) on the shared
 * client: thousands of them wait for their responses without pinning their carrier
 * threads, as JFR's {@code jdk.VirtualThreadPinned} events show. Runs on Java 21 and
 * later (the CI's Java 25 leg).
 */
class VirtualThreadCallersTests {

	private static final String PINNED = "jdk.VirtualThreadPinned";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("spring.threads.virtual.enabled=true", "internal.http.client.protocol=h2c");

	@TempDir
	Path recordings;

	@BeforeEach
	void requireVirtualThreads() {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21 or later");
	}

	@Test
	void whenTwoThousandVirtualThreadsCallTogetherThenEveryCallSucceedsAndNoneIsPinned() throws Exception {
		try (TestServer server = TestServer.clearText(256)) {
			// A cold burst queues every call until the first connection is up: the queue
			// must hold them all, or the excess fails fast with RequestRejectedException.
			this.contextRunner.withPropertyValues("internal.http.client.pool.max-queued-requests-per-destination=2000",
					"internal.http.client.response-timeout=30s")
				.run((context) -> {
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				// Classes are loaded and initialized once per JVM: a virtual thread waiting for another
				// to load one is pinned meanwhile, which says nothing about how the client waits.
				callTogether(50, () -> restClient.get().uri(server.uri("/?delayMs=1")).retrieve().body(String.class));
				List<RecordedEvent> pinned = recordPinning("callers", () -> {
					List<String> bodies = callTogether(2000,
							() -> restClient.get().uri(server.uri("/?delayMs=100")).retrieve().body(String.class));
					assertThat(bodies).hasSize(2000).containsOnly("ok");
				});
				assertThat(pinned).isEmpty();
				assertThat(server.requests()).isEqualTo(2050);
				// Calls beyond the streams of the open connections waited in the queue; the
				// connections stay within pool.max-connections-per-destination.
				assertThat(server.connectionsAccepted()).isBetween(1, 64);
			});
		}
	}

	@Test
	void whenAVirtualThreadBlocksInAClassInitializerThenTheRecordingSeesItPinned() throws Exception {
		// The witness that the recording above could see pinning: a virtual thread that
		// sleeps in a class initializer pins its carrier on every JDK so far.
		List<RecordedEvent> pinned = recordPinning("witness",
				() -> assertThat(callTogether(1, () -> SlowInitializer.VALUE)).containsExactly("initialized"));
		assertThat(pinned).isNotEmpty();
	}

	private static List<String> callTogether(int callers, Callable<String> call) throws Exception {
		VirtualThreadTaskExecutor executor = new VirtualThreadTaskExecutor("virtual-caller-");
		List<Future<String>> futures = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			futures.add(executor.submit(call));
		}
		List<String> results = new ArrayList<>();
		for (Future<String> future : futures) {
			results.add(future.get(60, TimeUnit.SECONDS));
		}
		return results;
	}

	private List<RecordedEvent> recordPinning(String name, ThrowingRunnable work) throws Exception {
		Path file = this.recordings.resolve(name + ".jfr");
		try (Recording recording = new Recording()) {
			recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
			recording.start();
			work.run();
			recording.stop();
			recording.dump(file);
		}
		assertThat(Files.exists(file)).isTrue();
		return RecordingFile.readAllEvents(file)
			.stream()
			.filter((event) -> event.getEventType().getName().equals(PINNED))
			.toList();
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

	static final class SlowInitializer {

		static final String VALUE;

		static {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			VALUE = "initialized";
		}

	}

}
