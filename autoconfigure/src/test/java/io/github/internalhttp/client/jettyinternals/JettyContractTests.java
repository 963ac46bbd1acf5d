package io.github.internalhttp.client.jettyinternals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.DialRecordingDestination;
import io.github.internalhttp.testsupport.FakeConnection;
import io.github.internalhttp.testsupport.SilentHttp2Peer;
import io.github.internalhttp.testsupport.TestServer;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.RetryableRequestException;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the client assumes of Jetty beyond its documented API, one test per assumption,
 * checked against plain Jetty. A failure after a Jetty upgrade names the assumption the
 * new release broke; the code that relies on it is named in each test's comment.
 */
class JettyContractTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@RegisterExtension
	final Closeables closeables = new Closeables();

	private ContractServer server;

	private VanillaJetty jetty;

	// GoAwayRemovals and StreamAwareConnectionPool.remove(): one removal to skip per
	// GOAWAY, counted by a frame listener before Jetty makes it.
	@Test
	void onEachGoAwayJettyRemovesTheConnectionFromItsPoolOnceAfterFrameListenersHearTheFrame() {
		try (SilentHttp2Peer peer = SilentHttp2Peer.start()) {
			RecordingPool[] pool = new RecordingPool[1];
			this.jetty = this.closeables.add(VanillaJetty.h2c((destination) -> pool[0] = new RecordingPool(destination)));
			// Stream 1 stays in flight: the peer never answers it.
			this.jetty.client().newRequest(peer.uri()).send((result) -> {
			});
			await().atMost(WAIT).until(() -> !pool[0].created().isEmpty()
					&& Http2Sessions.streamsInFlight(pool[0].created().get(0)) == 1);
			// A graceful GOAWAY, then one that names stream 1 as the last.
			peer.goAway(Integer.MAX_VALUE);
			await().atMost(WAIT).until(() -> removals(pool[0]) == 1);
			peer.goAway(1);
			await().atMost(WAIT).until(() -> removals(pool[0]) == 2);
			assertThat(pool[0].events()).filteredOn((event) -> event.equals("remove") || event.contains("GoAway"))
				.containsExactly("frame GoAwayFrame", "remove", "frame GoAwayFrame", "remove");
		}
	}

	// StreamAwareConnectionPool.tryCreate(): a connection is counted by its free slots
	// from onCreated, while Jetty still counts it as pending and before it can be taken.
	@Test
	void aNewConnectionIsReportedCreatedWhileStillPendingAndBeforeItCanBeAcquired() throws Exception {
		HttpClient client = new HttpClient();
		DialRecordingDestination destination = DialRecordingDestination.http1(client);
		AtomicReference<String> atCreation = new AtomicReference<>();
		MultiplexConnectionPool pool = new MultiplexConnectionPool(destination, 4, 1) {

			@Override
			protected void onCreated(Connection connection) {
				atCreation.set("pending=" + getPendingConnectionCount() + " acquirable=" + (activate() != null));
				super.onCreated(connection);
			}

		};
		pool.start();
		try {
			pool.preCreateConnections(1);
			FakeConnection connection = new FakeConnection(8);
			destination.dials().get(0).succeeded(connection);
			assertThat(atCreation).hasValue("pending=1 acquirable=false");
			assertThat(pool.getPendingConnectionCount()).isZero();
			assertThat(pool.acquire(false)).isSameAs(connection);
		}
		finally {
			pool.stop();
		}
	}

	// StreamAwareConnectionPool.tryCreate(): a slot handed out to a request whose stream
	// is not open yet is free supply, because the request is still counted as queued.
	@Test
	void aRequestTakesItsPoolSlotBeforeItLeavesTheQueue() throws Exception {
		this.server = this.closeables.add(new ContractServer(100));
		RecordingPool[] pool = new RecordingPool[1];
		this.jetty = this.closeables.add(VanillaJetty.h2c((destination) -> pool[0] = new RecordingPool(destination)));
		// Open the connection first: the request then finds it in the pool.
		assertThat(send("/").get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
		pool[0].queuedAtActivation().clear();
		assertThat(send("/").get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
		assertThat(pool[0].queuedAtActivation()).containsExactly(1);
	}

	// Http2Sessions.streamsInFlight() and the pool's free slots: a request's stream is
	// open once the request is sent, and closed by the time its connection is released.
	@Test
	void aRequestsStreamIsOpenWhileItIsInFlightAndClosedWhenItsConnectionIsReleased() {
		this.server = this.closeables.add(new ContractServer(100));
		RecordingPool[] pool = new RecordingPool[1];
		this.jetty = this.closeables.add(VanillaJetty.h2c((destination) -> pool[0] = new RecordingPool(destination)));
		CompletableFuture<Result> result = send("/held");
		ContractServer.HeldExchange held = this.server.nextHeld();
		Connection connection = pool[0].created().get(0);
		assertThat(Http2Sessions.streamsInFlight(connection)).isEqualTo(1);
		pool[0].recordAtRelease(() -> Http2Sessions.streamsInFlight(connection));
		held.answer();
		assertThat(result.join().isSucceeded()).isTrue();
		await().atMost(WAIT).until(() -> !pool[0].atRelease().isEmpty());
		assertThat(pool[0].atRelease()).containsOnly(0);
	}

	// StreamAwareConnectionPool.streamSlots(): a connection's max multiplex is the
	// server's SETTINGS_MAX_CONCURRENT_STREAMS, and follows it when the server changes it.
	@Test
	void aConnectionsMaxMultiplexFollowsTheServersMaxConcurrentStreams() throws Exception {
		try (TestServer server = TestServer.clearText(8)) {
			RecordingPool[] pool = new RecordingPool[1];
			this.jetty = this.closeables.add(VanillaJetty.h2c((destination) -> pool[0] = new RecordingPool(destination)));
			assertThat(this.jetty.client().GET(server.uri("/")).getStatus()).isEqualTo(200);
			MultiplexConnectionPool.MaxMultiplexable connection = (MultiplexConnectionPool.MaxMultiplexable) pool[0]
				.created()
				.get(0);
			assertThat(connection.getMaxMultiplex()).isEqualTo(8);
			assertThat(this.jetty.client().GET(server.uri("/?maxStreams=10")).getStatus()).isEqualTo(200);
			await().atMost(WAIT).until(() -> connection.getMaxMultiplex() == 10);
		}
	}

	// JettyFailures.isStreamReset(), for RetryPolicy: a stream the server resets fails
	// its request with a plain IOException named after the error code.
	@ParameterizedTest
	@EnumSource(value = ErrorCode.class, names = { "REFUSED_STREAM_ERROR", "HTTP_1_1_REQUIRED_ERROR" })
	void aStreamResetByTheServerFailsItsRequestWithAnIoExceptionNamedAfterTheErrorCode(ErrorCode errorCode)
			throws Exception {
		this.server = this.closeables.add(new ContractServer(100));
		this.jetty = this.closeables.add(VanillaJetty.h2c());
		Result result = send("/reset?code=" + errorCode.code).get(5, TimeUnit.SECONDS);
		assertThat(result.getResponseFailure()).isExactlyInstanceOf(IOException.class)
			.hasMessage(errorCode.name().toLowerCase(java.util.Locale.ROOT));
		assertThat(JettyFailures.isStreamReset(result.getResponseFailure(), errorCode)).isTrue();
	}

	// JettyFailures.isHttp2HeaderBlockRefused(), for RequestFailures.describe(): a response
	// header block over the client's limit, from a server that ignores the limit the
	// client announced, fails the request with a plain IOException whose message is the
	// parser's reason: the HPACK decoder's for one HEADERS frame, the fragment store's for
	// CONTINUATION frames.
	@ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource({ "20480, protocol_error/invalid_hpack_block",
			"65536, protocol_error/invalid_continuation_stream" })
	void responseHeadersOverTheLimitFailTheRequestWithAnIoExceptionNamedAfterTheParsersReason(int headerBytes,
			String message) throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(100)).ignoringAnnouncedHeaderListSize();
		this.jetty = this.closeables.add(VanillaJetty.h2c(16 * 1024));
		CompletableFuture<Result> result = new CompletableFuture<>();
		this.jetty.client().newRequest(server.uri("/?headerBytes=" + headerBytes)).send(result::complete);
		// A bound for a loaded machine, where the first request of a new client took 8 s.
		Throwable failure = result.get(30, TimeUnit.SECONDS).getFailure();
		assertThat(failure).isExactlyInstanceOf(IOException.class).hasMessage(message);
		assertThat(JettyFailures.isHttp2HeaderBlockRefused(failure)).isTrue();
	}

	// JettyFailures.isSessionClosed(), for RetryPolicy: a stream opened on a session that
	// has closed fails with IllegalStateException("session closed"), nothing sent.
	@Test
	void aStreamOpenedOnAClosedSessionFailsWithIllegalStateExceptionSessionClosed() throws Exception {
		this.server = this.closeables.add(new ContractServer(100));
		HTTP2Client http2 = new HTTP2Client();
		http2.start();
		try {
			Session session = http2.connect(new InetSocketAddress("127.0.0.1", this.server.uri("/").getPort()),
					new Session.Listener() {
					})
				.get(5, TimeUnit.SECONDS);
			CompletableFuture<Void> closed = new CompletableFuture<>();
			session.close(ErrorCode.NO_ERROR.code, "test", Callback.from(() -> closed.complete(null)));
			closed.get(5, TimeUnit.SECONDS);
			MetaData.Request request = new MetaData.Request("GET", HttpURI.from(this.server.uri("/")),
					HttpVersion.HTTP_2, HttpFields.EMPTY);
			CompletableFuture<Stream> stream = session.newStream(new HeadersFrame(request, null, true),
					new Stream.Listener() {
					});
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> stream.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isExactlyInstanceOf(IllegalStateException.class)
				.withMessage("session closed")
				.matches(JettyFailures::isSessionClosed);
		}
		finally {
			http2.stop();
		}
	}

	// JettyFailures.isQueueFull(), for RequestFailures: a request beyond a full queue is
	// rejected with a RejectedExecutionException whose message says so.
	@Test
	void aRequestBeyondAFullQueueIsRejectedWithRejectedExecutionExceptionSayingMaxRequestsQueued()
			throws Exception {
		// A peer that never answers the preface: the first request stays queued.
		try (SilentHttp2Peer peer = SilentHttp2Peer.start(null)) {
			this.jetty = this.closeables.add(VanillaJetty.h2c());
			this.jetty.client().setMaxRequestsQueuedPerDestination(1);
			CompletableFuture<Result> queued = new CompletableFuture<>();
			this.jetty.client().newRequest(peer.uri()).send(queued::complete);
			CompletableFuture<Result> rejected = new CompletableFuture<>();
			this.jetty.client().newRequest(peer.uri()).send(rejected::complete);
			Throwable failure = rejected.get(5, TimeUnit.SECONDS).getFailure();
			assertThat(failure).isInstanceOf(RejectedExecutionException.class)
				.hasMessageStartingWith("Max requests queued");
			assertThat(JettyFailures.isQueueFull((RejectedExecutionException) failure)).isTrue();
			assertThat(queued).isNotDone();
		}
	}

	// RetryPolicy: a request whose stream is above a GOAWAY's last stream id, which the
	// server never processed, fails with RetryableRequestException.
	@Test
	void aStreamAboveAGoAwaysLastStreamIdFailsItsRequestWithRetryableRequestException() throws Exception {
		try (SilentHttp2Peer peer = SilentHttp2Peer.start()) {
			RecordingPool[] pool = new RecordingPool[1];
			this.jetty = this.closeables.add(VanillaJetty.h2c((destination) -> pool[0] = new RecordingPool(destination)));
			this.jetty.client().newRequest(peer.uri()).send((result) -> {
			});
			await().atMost(WAIT).until(() -> !pool[0].created().isEmpty());
			CompletableFuture<Result> second = new CompletableFuture<>();
			this.jetty.client().newRequest(peer.uri()).send(second::complete);
			await().atMost(WAIT).until(() -> Http2Sessions.streamsInFlight(pool[0].created().get(0)) == 2);
			peer.goAway(1);
			assertThat(second.get(5, TimeUnit.SECONDS).getFailure()).isInstanceOf(RetryableRequestException.class);
		}
	}

	// RetirementRules: Jetty's max usage counts every time the pool hands a connection
	// out, even when no request is sent on it, which is why requests are counted as sent.
	@Test
	void jettysMaxUsageCountsAConnectionHandedOutThatSendsNoRequest() throws Exception {
		HttpClient client = new HttpClient();
		DialRecordingDestination destination = DialRecordingDestination.http1(client);
		MultiplexConnectionPool pool = new MultiplexConnectionPool(destination, 4, 1);
		pool.setMaxUsage(2);
		pool.start();
		try {
			FakeConnection connection = new FakeConnection(1);
			pool.accept(connection);
			// Handed out twice, and given back each time with nothing sent, as when a
			// release and a new request race for the queue: the second release says the
			// connection is used up and must be closed.
			assertThat(pool.acquire(false)).isSameAs(connection);
			assertThat(pool.release(connection)).isTrue();
			assertThat(pool.acquire(false)).isSameAs(connection);
			assertThat(pool.release(connection)).isFalse();
			assertThat(pool.acquire(false)).isNull();
		}
		finally {
			pool.stop();
		}
	}

	// ResponseHandoff: a response handed over in onComplete finds its connection back in
	// the pool, so the caller's next request does not dial.
	@Test
	void responseCompleteIsNotifiedOnceTheConnectionIsBackInThePool() throws Exception {
		this.server = this.closeables.add(new ContractServer(100));
		this.jetty = this.closeables.add(VanillaJetty.h2c());
		assertThat(send("/").get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
		HttpDestination destination = this.jetty.onlyDestination();
		CompletableFuture<Integer> activeAtComplete = new CompletableFuture<>();
		this.jetty.client()
			.newRequest(this.server.uri("/"))
			.send((result) -> activeAtComplete
				.complete(((MultiplexConnectionPool) destination.getConnectionPool()).getActiveConnectionCount()));
		assertThat(activeAtComplete.get(5, TimeUnit.SECONDS)).isZero();
	}

	// PeerLiveness and Http2KeepAlive: a frame listener hears every frame the session
	// receives, the answer to a PING included.
	@Test
	void aFrameListenerHearsTheAnswerToAPing() throws Exception {
		this.server = this.closeables.add(new ContractServer(100));
		RecordingPool[] pool = new RecordingPool[1];
		this.jetty = this.closeables.add(VanillaJetty.h2c((destination) -> pool[0] = new RecordingPool(destination)));
		assertThat(send("/").get(5, TimeUnit.SECONDS).isSucceeded()).isTrue();
		Session session = Http2Sessions.sessionOf(pool[0].created().get(0));
		assertThat(session).isNotNull();
		pool[0].events().clear();
		session.ping(new PingFrame(false), Callback.NOOP);
		await().atMost(WAIT).until(() -> pool[0].events().contains("frame PingFrame"));
	}

	// Dial and RoutingTransport.connect(): Jetty calls the transport's connect for each
	// address with the dial's context, which names the destination and holds the promise
	// of the connection; it completes the promise it finds there after that call, and
	// applies the Decorator it finds there to the outermost connection factory, which it
	// calls once the socket is established.
	@Test
	void aTransportsConnectSeesTheDestinationAndMayReplaceThePromiseAndDecorateTheConnectionFactory()
			throws Exception {
		TestServer server = this.closeables.add(TestServer.clearText(100));
		List<String> events = new CopyOnWriteArrayList<>();
		HttpClientTransportDynamic transport = new HttpClientTransportDynamic() {

			@Override
			@SuppressWarnings("unchecked")
			public void connect(SocketAddress address, Map<String, Object> context) {
				if (context.get(Destination.CONTEXT_KEY) instanceof Destination) {
					events.add("destination");
				}
				Promise<Connection> promise = (Promise<Connection>) context.get(Connection.PROMISE_CONTEXT_KEY);
				context.put(Connection.PROMISE_CONTEXT_KEY, new Promise.Wrapper<>(promise) {

					@Override
					public void succeeded(Connection connection) {
						events.add("promise");
						super.succeeded(connection);
					}

				});
				context.put(ClientConnectionFactory.Decorator.CONTEXT_KEY,
						(ClientConnectionFactory.Decorator) (factory) -> new ClientConnectionFactory.Wrapper(factory) {

							@Override
							public org.eclipse.jetty.io.Connection newConnection(EndPoint endPoint,
									Map<String, Object> context) throws IOException {
								events.add("socket");
								return super.newConnection(endPoint, context);
							}

						});
				super.connect(address, context);
			}

		};
		HttpClient client = new HttpClient(transport);
		client.start();
		try {
			assertThat(client.GET(server.uri("/")).getStatus()).isEqualTo(200);
		}
		finally {
			client.stop();
		}
		assertThat(events).containsExactly("destination", "socket", "promise");
	}

	private static long removals(RecordingPool pool) {
		return pool.events().stream().filter("remove"::equals).count();
	}

	private CompletableFuture<Result> send(String path) {
		CompletableFuture<Result> result = new CompletableFuture<>();
		this.jetty.client().newRequest(this.server.uri(path)).send(result::complete);
		return result;
	}


	// AddressSpreadingResolver: Jetty asks the client's SocketAddressResolver once per new
	// connection (never per request), with the destination in the context under
	// Destination.CONTEXT_KEY, tries the addresses in the order given, goes on to the next
	// when one refuses, and tells a ConnectListener of the connector of each dial.
	@Test
	void jettyResolvesOncePerConnectionWithTheDestinationInTheContextAndTriesTheAddressesInOrder()
			throws Exception {
		TestServer target = this.closeables.add(TestServer.clearText(8));
		int refusedPort = TestServer.closedPort();
		List<Object> destinationsSeen = new CopyOnWriteArrayList<>();
		List<String> dials = new CopyOnWriteArrayList<>();
		HttpClient client = new HttpClient();
		client.setSocketAddressResolver((host, port, context, promise) -> {
			destinationsSeen.add(context.get(Destination.CONTEXT_KEY));
			promise.succeeded(List.of(new InetSocketAddress("127.0.0.5", refusedPort),
					new InetSocketAddress("127.0.0.1", target.port())));
		});
		client.getClientConnector().addEventListener(new ClientConnector.ConnectListener() {

			@Override
			public void onConnectBegin(SocketChannel channel, SocketAddress address) {
				dials.add("begin " + ((InetSocketAddress) address).getAddress().getHostAddress());
			}

			@Override
			public void onConnectFailure(SocketChannel channel, SocketAddress address, Throwable failure) {
				dials.add("failure " + ((InetSocketAddress) address).getAddress().getHostAddress());
			}

			@Override
			public void onConnectSuccess(SocketChannel channel) {
				dials.add("success");
			}

		});
		client.start();
		try {
			for (int i = 0; i < 3; i++) {
				assertThat(client.newRequest("http://fleet.test:" + target.port() + "/").send().getStatus())
					.isEqualTo(200);
			}
			assertThat(target.requests()).isEqualTo(3);
			assertThat(destinationsSeen).hasSize(1);
			assertThat(destinationsSeen.get(0)).isInstanceOf(HttpDestination.class);
			assertThat(((Destination) destinationsSeen.get(0)).getOrigin().getAddress().getHost())
				.isEqualTo("fleet.test");
			assertThat(dials).containsExactly("begin 127.0.0.5", "failure 127.0.0.5", "begin 127.0.0.1", "success");
		}
		finally {
			client.stop();
		}
	}

}
