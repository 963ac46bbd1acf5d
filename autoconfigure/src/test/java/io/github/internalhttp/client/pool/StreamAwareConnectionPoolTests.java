package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.Attachable;
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

	/**
	 * A connection that carries up to a number of requests at once and needs no network.
	 */
	private static final class FakeConnection implements Connection, Attachable, ConnectionPool.MaxMultiplexable {

		private final int maxMultiplex;

		private Object attachment;

		private volatile boolean closed;

		FakeConnection(int maxMultiplex) {
			this.maxMultiplex = maxMultiplex;
		}

		@Override
		public int getMaxMultiplex() {
			return this.maxMultiplex;
		}

		@Override
		public void send(Request request, Response.CompleteListener listener) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void close() {
			this.closed = true;
		}

		@Override
		public boolean isClosed() {
			return this.closed;
		}

		@Override
		public void setAttachment(Object attachment) {
			this.attachment = attachment;
		}

		@Override
		public Object getAttachment() {
			return this.attachment;
		}

	}

}
