package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.internalhttp.testsupport.FakeConnection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of how {@link StreamAwareConnectionPool} retires connections, with the time of a
 * {@link ConnectionLifecycle} moved by hand and connections that need no network.
 */
class StreamAwareConnectionPoolTests {

	private static final long MS = 1_000_000L;

	private final AtomicLong now = new AtomicLong(1_000 * MS);

	private final DestinationStats stats = new DestinationStats(Clock.systemUTC());

	private StreamAwareConnectionPool pool;

	@AfterEach
	void stop() throws Exception {
		if (this.pool != null) {
			this.pool.stop();
		}
	}

	@Test
	void whenConnectionIsYoungerThanItsMaxAgeThenItIsReused() throws Exception {
		this.pool = pool(lifecycle(Duration.ofMillis(500), Duration.ZERO));
		FakeConnection connection = new FakeConnection(1);
		assertThat(this.pool.accept(connection)).isTrue();
		this.now.addAndGet(499 * MS);
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		assertThat(this.pool.release(connection)).isTrue();
		assertThat(connection.isClosed()).isFalse();
		assertThat(this.pool.getConnectionCount()).isEqualTo(1);
	}

	@Test
	void whenIdleConnectionReachesItsMaxAgeThenTheNextAcquireClosesItInsteadOfUsingIt() throws Exception {
		this.pool = pool(lifecycle(Duration.ofMillis(500), Duration.ZERO));
		FakeConnection connection = new FakeConnection(1);
		this.pool.accept(connection);
		this.now.addAndGet(500 * MS);
		assertThat(this.pool.acquire(false)).isNull();
		assertThat(connection.isClosed()).isTrue();
		assertThat(this.pool.getConnectionCount()).isZero();
		assertThat(this.stats.connectionsClosed()).isEqualTo(1);
	}

	@Test
	void whenBusyConnectionRetiresThenItTakesNoNewRequestAndClosesAfterItsLastRequest() throws Exception {
		this.pool = pool(lifecycle(Duration.ofMillis(500), Duration.ZERO));
		FakeConnection connection = new FakeConnection(10);
		this.pool.accept(connection);
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		this.now.addAndGet(600 * MS);
		assertThat(this.pool.acquire(false)).isNull();
		assertThat(connection.isClosed()).isFalse();
		// The first of two requests in flight completes: the connection stays open.
		assertThat(this.pool.release(connection)).isTrue();
		assertThat(connection.isClosed()).isFalse();
		// The last completes: the pool tells the caller to close it.
		assertThat(this.pool.release(connection)).isFalse();
		assertThat(this.pool.getConnectionCount()).isZero();
		assertThat(this.stats.connectionsClosed()).isEqualTo(1);
	}

	@Test
	void whenConnectionRetiresWhileInUseThenItsReleaseClosesIt() throws Exception {
		this.pool = pool(lifecycle(Duration.ofMillis(500), Duration.ZERO));
		FakeConnection connection = new FakeConnection(1);
		this.pool.accept(connection);
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		this.now.addAndGet(500 * MS);
		assertThat(this.pool.release(connection)).isFalse();
		assertThat(this.pool.getConnectionCount()).isZero();
	}

	@Test
	void whenJitterIsDrawnThenConnectionRetiresThatMuchEarlier() throws Exception {
		AtomicLong bound = new AtomicLong();
		this.pool = pool(new ConnectionLifecycle(Duration.ofMillis(500), Duration.ofMillis(200), 0, null,
				Duration.ofSeconds(1), this.now::get, (limit) -> {
					bound.set(limit);
					return 150 * MS;
				}));
		FakeConnection connection = new FakeConnection(1);
		this.pool.accept(connection);
		// Up to the jitter, inclusive.
		assertThat(bound.get()).isEqualTo(200 * MS + 1);
		this.now.addAndGet(349 * MS);
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		this.pool.release(connection);
		this.now.addAndGet(1 * MS);
		assertThat(this.pool.acquire(false)).isNull();
		assertThat(connection.isClosed()).isTrue();
	}

	@Test
	void whenNoMaxAgeIsSetThenConnectionsNeverRetireWithAge() throws Exception {
		this.pool = pool(lifecycle(null, Duration.ZERO));
		FakeConnection connection = new FakeConnection(1);
		this.pool.accept(connection);
		this.now.addAndGet(Duration.ofDays(365).toNanos());
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		assertThat(this.pool.release(connection)).isTrue();
	}

	@Test
	void whenTimeWrapsAroundThenRetirementIsStillDecidedByAge() throws Exception {
		this.now.set(Long.MAX_VALUE - 100 * MS);
		this.pool = pool(lifecycle(Duration.ofMillis(500), Duration.ZERO));
		FakeConnection connection = new FakeConnection(1);
		this.pool.accept(connection);
		this.now.addAndGet(499 * MS);
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		this.pool.release(connection);
		this.now.addAndGet(1 * MS);
		assertThat(this.pool.acquire(false)).isNull();
	}

	@Test
	void whenMaxRequestsPerConnectionIsSetThenEachConnectionCarriesThatManyRequestsSent() throws Exception {
		this.pool = pool(new ConnectionLifecycle(null, Duration.ZERO, 2, null, Duration.ofSeconds(1),
				this.now::get, (limit) -> 0));
		FakeConnection connection = new FakeConnection(1);
		this.pool.accept(connection);
		// Jetty acquires a connection and releases it unused when another thread took the
		// queued request: that is not a request.
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		assertThat(this.pool.release(connection)).isTrue();
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		this.pool.requestSent(connection);
		assertThat(this.pool.release(connection)).isTrue();
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		this.pool.requestSent(connection);
		// Its second request retires it: the release of that request closes it.
		assertThat(this.pool.release(connection)).isFalse();
		assertThat(this.pool.acquire(false)).isNull();
	}

	@Test
	void whenSeveralConnectionsAreOpenThenTheMaxStreamCountIsTheNewestOpenConnectionsLimit() throws Exception {
		this.pool = pool(ConnectionLifecycle.NONE);
		assertThat(this.pool.getMaxStreamCount()).isZero();
		FakeConnection older = new FakeConnection(10);
		FakeConnection newer = new FakeConnection(20);
		this.pool.accept(older);
		this.pool.accept(newer);
		assertThat(this.pool.getMaxStreamCount()).isEqualTo(20);
		newer.close();
		assertThat(this.pool.getMaxStreamCount()).isEqualTo(10);
	}

	@Test
	void whenAConnectionCarriedItsMaximumThenItIsUsedUpButNotGoingAway() throws Exception {
		this.pool = pool(new ConnectionLifecycle(null, Duration.ZERO, 1, null, Duration.ofSeconds(1),
				this.now::get, (limit) -> 0));
		FakeConnection connection = new FakeConnection(1);
		this.pool.accept(connection);
		assertThat(this.pool.acquire(false)).isSameAs(connection);
		this.pool.requestSent(connection);
		TrackedConnection tracked = this.pool.getTrackedConnections().get(0);
		assertThat(tracked.isUsedUp()).isTrue();
		assertThat(tracked.isGoingAway()).isFalse();
		assertThat(this.stats.goAways()).isZero();
	}

	private ConnectionLifecycle lifecycle(Duration maxAge, Duration jitter) {
		return new ConnectionLifecycle(maxAge, jitter, 0, null, Duration.ofSeconds(1), this.now::get,
				(limit) -> 0);
	}

	private StreamAwareConnectionPool pool(ConnectionLifecycle lifecycle) throws Exception {
		HttpClient client = new HttpClient();
		Origin origin = new Origin("http", "127.0.0.1", 8080);
		TrackedDestination destination = new TrackedDestination(client, origin, this.stats,
				new ProtocolMemory(Duration.ofMinutes(10), java.time.Clock.systemUTC()));
		StreamAwareConnectionPool pool = new StreamAwareConnectionPool(destination, 4, 0, this.stats, lifecycle);
		pool.start();
		return pool;
	}

}
