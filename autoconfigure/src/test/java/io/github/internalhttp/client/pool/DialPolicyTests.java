package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.github.internalhttp.client.DestinationSnapshot;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.DialRecordingDestination;
import io.github.internalhttp.testsupport.FakeConnection;
import io.github.internalhttp.testsupport.SilentHttp2Peer;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link StreamAwareConnectionPool} decides to open a connection, beside the plain
 * Jetty behaviour each of its rules works around: with connections that need no network
 * and a destination that records the dials instead of making them.
 */
class DialPolicyTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	private final HttpClient httpClient = new HttpClient();

	private final List<ConnectionPool> pools = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (ConnectionPool pool : this.pools) {
			((AbstractConnectionPool) pool).stop();
		}
	}

	/**
	 * When this fails, Jetty no longer counts its {@code create} hint as a request on
	 * top of the queue: the pool's ignoring of the hint can go.
	 */
	@Test
	void vanillaJettyCountsTheCreateHintOnTopOfTheQueue() throws Exception {
		DialRecordingDestination destination = DialRecordingDestination.http1(this.httpClient);
		MultiplexConnectionPool pool = started(new MultiplexConnectionPool(destination, 4, 1));
		destination.queueRequest();
		pool.acquire(true);
		pool.acquire(true);
		// One request, and a connection already being opened for it: a second dial.
		assertThat(destination.dials()).hasSize(2);
	}

	@Test
	void whenOneRequestWaitsForAConnectionBeingOpenedThenNoOtherIsDialled() throws Exception {
		DialRecordingDestination destination = DialRecordingDestination.http1(this.httpClient);
		StreamAwareConnectionPool pool = started(streamAware(destination));
		destination.queueRequest();
		pool.acquire(true);
		pool.acquire(true);
		assertThat(destination.dials()).hasSize(1);
	}

	/**
	 * When this fails, Jetty weighs the queue against the free slots of its open
	 * connections too: the pool's own supply count may be replaced by Jetty's.
	 */
	@Test
	void vanillaJettyDialsForRequestsThatHoldSlotsButHaveNotLeftTheQueue() throws Exception {
		DialRecordingDestination destination = DialRecordingDestination.h2c(this.httpClient);
		MultiplexConnectionPool pool = started(new MultiplexConnectionPool(destination, 4, 1));
		takeBothSlotsOfATwoStreamConnection(destination, pool);
		assertThat(destination.dials()).hasSize(1);
	}

	@Test
	void whenRequestsHoldSlotsButHaveNotLeftTheQueueThenNoConnectionIsDialled() throws Exception {
		DialRecordingDestination destination = DialRecordingDestination.h2c(this.httpClient);
		StreamAwareConnectionPool pool = started(streamAware(destination));
		takeBothSlotsOfATwoStreamConnection(destination, pool);
		assertThat(destination.dials()).isEmpty();
	}

	@Test
	void whenADialWasForgoneForASlotThatIsGivenBackUnusedThenItsReleaseProcessesTheQueue() throws Exception {
		DialRecordingDestination destination = DialRecordingDestination.h2c(this.httpClient);
		StreamAwareConnectionPool pool = started(streamAware(destination));
		Connection connection = takeBothSlotsOfATwoStreamConnection(destination, pool);
		assertThat(destination.queueProcessings()).isZero();
		// Another thread sent the queued request: this slot is given back with nothing sent.
		assertThat(pool.release(connection)).isTrue();
		assertThat(destination.queueProcessings()).isEqualTo(1);
	}

	/**
	 * When this fails, Jetty no longer drops a new connection from its pending count
	 * before the connection can be acquired, or dials nothing in between: counting a
	 * connection from {@link StreamAwareConnectionPool#onCreated(Connection)} is no
	 * longer needed for that.
	 */
	@Test
	void vanillaJettyDialsForARequestThatLooksWhileANewConnectionIsBeingMadeAvailable() throws Exception {
		DialRecordingDestination destination = DialRecordingDestination.h2c(this.httpClient);
		Runnable[] onEnable = new Runnable[1];
		MultiplexConnectionPool pool = started(new MultiplexConnectionPool(destination, enablingHook(onEnable), 1) {
		});
		destination.queueRequest();
		pool.acquire(false);
		assertThat(destination.dials()).hasSize(1);
		// A request looks for a connection after Jetty counted the new one as no longer
		// pending, and before it made it available.
		onEnable[0] = () -> pool.acquire(false);
		destination.dials().get(0).succeeded(new FakeConnection(8));
		// The new connection has 8 free slots for the one request: a second dial.
		assertThat(destination.dials()).hasSize(2);
	}

	/**
	 * When this fails, Jetty weighs a connection being opened as carrying more than one
	 * request (jetty issue 2293): the pool's initial multiplex may be left to Jetty.
	 */
	@Test
	void vanillaJettyOpensAConnectionPerRequestQueuedDuringTheFirstHandshake() throws Exception {
		HttpClient vanilla = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
		vanilla.start();
		try (SilentHttp2Peer peer = SilentHttp2Peer.start(null)) {
			for (int i = 0; i < 5; i++) {
				vanilla.newRequest(peer.uri()).send((result) -> {
				});
			}
			AbstractConnectionPool pool = (AbstractConnectionPool) vanilla.getDestinations().get(0).getConnectionPool();
			assertThat(pool.getPendingConnectionCount()).isEqualTo(5);
		}
		finally {
			vanilla.stop();
		}
	}

	@Test
	void whenRequestsQueueDuringTheFirstHandshakeThenOneConnectionIsBeingOpened() {
		try (SilentHttp2Peer peer = SilentHttp2Peer.start(null)) {
			this.client.create(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			for (int i = 0; i < 5; i++) {
				this.client.get().newRequest(peer.uri()).send((result) -> {
				});
			}
			DestinationSnapshot destination = this.client.onlyDestination();
			assertThat(destination.queuedRequests()).isEqualTo(5);
			assertThat(destination.pendingConnections()).isEqualTo(1);
		}
	}

	/**
	 * Two queued requests take both slots of a connection that carries two, and have not
	 * left the queue yet, as happens between Jetty's handing out a slot and its taking
	 * the request from the queue; a third request looks for a connection.
	 */
	private static Connection takeBothSlotsOfATwoStreamConnection(DialRecordingDestination destination,
			AbstractConnectionPool pool) {
		FakeConnection connection = new FakeConnection(2);
		assertThat(pool.accept(connection)).isTrue();
		destination.queueRequest();
		destination.queueRequest();
		assertThat(pool.acquire(false)).isSameAs(connection);
		assertThat(pool.acquire(false)).isSameAs(connection);
		assertThat(pool.acquire(false)).isNull();
		return connection;
	}

	private StreamAwareConnectionPool streamAware(DialRecordingDestination destination) {
		return new StreamAwareConnectionPool(destination, 4, 0, new DestinationStats(Clock.systemUTC()),
				ConnectionLifecycle.NONE);
	}

	private <P extends AbstractConnectionPool> P started(P pool) throws Exception {
		pool.start();
		this.pools.add(pool);
		return pool;
	}

	/**
	 * Jetty's pool of connections, whose entries run a hook when Jetty enables them: the
	 * moment after Jetty dropped a new connection from its pending count, before the
	 * connection can be acquired.
	 */
	private static Pool.Factory<Connection> enablingHook(Runnable[] onEnable) {
		return new Pool.Factory<>() {

			@Override
			public Pool<Connection> newPool() {
				return new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, 4,
						MultiplexConnectionPool.newMaxMultiplexer(1));
			}

			@Override
			public Pool<Connection> wrap(Pool<Connection> pool) {
				return new Pool.Wrapper<>(pool) {

					@Override
					public Pool.Entry<Connection> reserve() {
						Pool.Entry<Connection> entry = super.reserve();
						return (entry != null) ? new Pool.Entry.Wrapper<>(entry) {

							@Override
							public boolean enable(Connection connection, boolean acquire) {
								if (onEnable[0] != null) {
									onEnable[0].run();
								}
								return super.enable(connection, acquire);
							}

						} : null;
					}

				};
			}

		};
	}

}
