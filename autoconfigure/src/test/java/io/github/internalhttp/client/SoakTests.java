package io.github.internalhttp.client;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;

import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.Load;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A soak outside the default test run: many requests at high concurrency against a local
 * Jetty server, over h2c and over HTTP/1.1, with threads, heap after GC, connections and
 * streams in flight measured before and after. Run it with
 * {@code mvn -B -ntp -pl autoconfigure test -Psoak} (1,000,000 h2c and 200,000 HTTP/1.1
 * requests at concurrency 200); {@code -Dsoak.h2c.requests=}, {@code -Dsoak.http1.requests=}
 * and {@code -Dsoak.concurrency=} change the load.
 */
@EnabledIfSystemProperty(named = "internalhttp.soak", matches = "true")
class SoakTests {

	/** Heap that may remain after GC beyond the starting level: not a per-request leak. */
	private static final long HEAP_SLACK_BYTES = 32L * 1024 * 1024;

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@RegisterExtension
	final Closeables closeables = new Closeables();

	@ParameterizedTest
	@EnumSource(value = ProtocolMode.class, names = { "H2C", "HTTP1" })
	void whenTheClientCarriesASoakThenThreadsHeapConnectionsAndStreamsReturnToTheirStartingLevels(
			ProtocolMode protocol) {
		int requests = Integer.getInteger((protocol == ProtocolMode.H2C) ? "soak.h2c.requests" : "soak.http1.requests",
				(protocol == ProtocolMode.H2C) ? 1_000_000 : 200_000);
		int concurrency = Integer.getInteger("soak.concurrency", 200);
		TestServer server = this.closeables.add(TestServer.clearText(concurrency + 56));
		RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
			.withProtocol(protocol)
			// Short, so that the pool empties within seconds of the load's end.
			.withIdleTimeout(Duration.ofSeconds(2))
			.withPool((pool) -> pool.withMaxConnectionsPerDestination(concurrency)
				.withMaxQueuedRequestsPerDestination(4 * concurrency)));
		// One request so the destination exists; its connection idles out before the start.
		restClient.get().uri(server.uri("/")).retrieve().body(String.class);
		awaitPoolEmpty();
		Levels before = Levels.now(this.client.onlyDestination());
		long started = System.nanoTime();
		Load.Result load = Load.run(concurrency, Duration.ofMinutes(30), requests,
				() -> restClient.get().uri(server.uri("/")).retrieve().body(String.class));
		long elapsedMs = (System.nanoTime() - started) / 1_000_000;
		Levels during = Levels.now(this.client.onlyDestination());
		awaitPoolEmpty();
		Levels after = Levels.now(this.client.onlyDestination());
		System.out.printf("SOAK %s: %d requests at c=%d in %d ms (%d/s), %d failed; server connections %d%n"
				+ "SOAK %s before: %s%nSOAK %s at end of load: %s%nSOAK %s after: %s%n", protocol, requests,
				concurrency, elapsedMs, requests * 1000L / Math.max(1, elapsedMs), load.failures().size(),
				server.connectionsAccepted(), protocol, before, protocol, during, protocol, after);
		assertThat(load.succeeded()).as("requests that succeeded").isEqualTo(requests);
		assertThat(load.failures()).isEmpty();
		assertThat(after.connections()).as("connections").isEqualTo(before.connections());
		assertThat(after.activeStreams()).as("streams in flight").isEqualTo(before.activeStreams());
		assertThat(after.otherThreads()).as("threads other than the pools' workers")
			.isLessThanOrEqualTo(before.otherThreads());
		assertThat(after.clientThreads()).as("client pool workers, retired one per idle timeout by Jetty")
			.isLessThanOrEqualTo(200);
		assertThat(after.heapAfterGc()).as("heap after GC").isLessThanOrEqualTo(before.heapAfterGc() + HEAP_SLACK_BYTES);
	}

	private void awaitPoolEmpty() {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			DestinationSnapshot destination = this.client.onlyDestination();
			assertThat(destination.activeStreams()).isZero();
			assertThat(destination.activeConnections() + destination.idleConnections()
					+ destination.pendingConnections()).isZero();
		});
	}

	/**
	 * What the soak must leave as it found.
	 *
	 * @param clientThreads the client pool's worker threads
	 * @param otherThreads every other live thread, but the test server's workers
	 * @param heapAfterGc heap in use after a full collection
	 * @param connections the destination's connections
	 * @param activeStreams the destination's streams in flight
	 */
	record Levels(int clientThreads, int otherThreads, long heapAfterGc, int connections, int activeStreams) {

		static Levels now(DestinationSnapshot destination) {
			List<Thread> threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).toList();
			int client = (int) threads.stream()
				.filter((thread) -> thread.getName().startsWith(InternalHttpClient.THREAD_NAME_PREFIX + "-")
						&& !thread.getName().contains("scheduler"))
				.count();
			int server = (int) threads.stream().filter((thread) -> thread.getName().startsWith("test-server")).count();
			return new Levels(client, threads.size() - client - server, measureHeapAfterGc(),
					destination.activeConnections() + destination.idleConnections() + destination.pendingConnections(),
					destination.activeStreams());
		}

		private static long measureHeapAfterGc() {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			long used = Long.MAX_VALUE;
			// A few collections: one may leave objects that finalization or cleaners free.
			for (int i = 0; i < 3; i++) {
				System.gc();
				used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
			}
			return used;
		}

	}

}
