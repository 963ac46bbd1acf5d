package io.github.internalhttp.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.Closeables;
import io.github.internalhttp.testsupport.FleetResolver;
import io.github.internalhttp.testsupport.Load;
import io.github.internalhttp.testsupport.MutableClock;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.client.RestClient;

import static io.github.internalhttp.testsupport.FleetResolver.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A host name that resolves to several addresses gets connections to each of them and
 * its calls spread evenly over them, and follows the name as its addresses change: real
 * servers listen on 127.0.0.2, 127.0.0.3 and 127.0.0.4, a name service of the test maps
 * {@code backend.test} to them, and the refresh interval passes on an injected clock.
 */
class AddressSpreadingTests {

	private static final Duration REFRESH = Duration.ofSeconds(30);

	private static final String[] IPS = { "127.0.0.2", "127.0.0.3", "127.0.0.4" };

	@RegisterExtension
	final Closeables closeables = new Closeables();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private TestServer[] servers;

	private FleetResolver resolver;

	private InternalHttpClient client;

	private RestClient restClient;

	@Test
	void twentyThousandH2cCallsAtTwoHundredConcurrentSpreadEvenlyOverThreeAddresses() {
		fleet(ProtocolMode.H2C, 0, 1, 2);
		Load.Result result = Load.run(200, Duration.ofSeconds(90), 20_000, this::get);
		assertThat(result.failures()).isEmpty();
		assertThat(result.succeeded()).isEqualTo(20_000);
		assertEvenShares(20_000, new int[this.servers.length]);
		// One connection per address, the default target.
		for (TestServer server : this.servers) {
			assertThat(server.connectionsAccepted()).isEqualTo(1);
		}
		DestinationSnapshot destination = onlyDestination();
		assertThat(destination.protocol()).isEqualTo(WireProtocol.H2C);
		assertThat(destination.addresses()).extracting(AddressSnapshot::address)
			.containsExactly(address(0), address(1), address(2));
		assertThat(destination.addresses()).allSatisfy((address) -> {
			assertThat(address.listed()).isTrue();
			assertThat(address.connections()).isEqualTo(1);
			assertThat(address.down()).isFalse();
		});
	}

	@Test
	void http1ConnectionsSpreadEvenlyOverThreeAddressesAndEachServesCalls() {
		fleet(ProtocolMode.HTTP1, 0, 1, 2);
		// Connections are opened as the load ramps up; the shares are measured after.
		assertThat(Load.run(30, Duration.ofSeconds(60), 500, this::get).failures()).isEmpty();
		int[] before = requestCounts();
		Load.Result result = Load.run(30, Duration.ofSeconds(60), 3_000, this::get);
		assertThat(result.failures()).isEmpty();
		// The connections spread evenly. An HTTP/1.1 connection carries one call at a time
		// and a call takes the next free connection in the pool's turn, so one address can
		// serve more of the calls than an even share (1.4x to 1.8x seen in CI runs, a known
		// limitation): what is asserted is that none is starved.
		IntSummaryStatistics connections = onlyDestination().addresses()
			.stream()
			.mapToInt(AddressSnapshot::connections)
			.summaryStatistics();
		assertThat(connections.getMax() - connections.getMin()).as("connections per address, %s",
				onlyDestination().addresses()).isLessThanOrEqualTo(1);
		int[] now = requestCounts();
		for (int i = 0; i < now.length; i++) {
			assertThat(now[i] - before[i]).as("calls to %s of %s", IPS[i], Arrays.toString(now))
				.isGreaterThanOrEqualTo(3_000 / this.servers.length / 2);
		}
		assertThat(onlyDestination().protocol()).isEqualTo(WireProtocol.HTTP1);
	}

	@Test
	void connectionsPerAddressIsTheTargetForEachAddress() {
		fleetWith(ProtocolMode.H2C, 2, 0, 1, 2);
		assertThat(Load.run(60, Duration.ofSeconds(60), 600, this::get).failures()).isEmpty();
		int[] before = requestCounts();
		Load.Result result = Load.run(60, Duration.ofSeconds(60), 6_000, this::get);
		assertThat(result.failures()).isEmpty();
		for (TestServer server : this.servers) {
			assertThat(server.connectionsAccepted()).isEqualTo(2);
		}
		assertEvenShares(6_000, before);
	}

	@Test
	void aColdBurstOpensOneConnectionPerAddress() {
		fleet(ProtocolMode.H2C, 0, 1, 2);
		List<Burst.Outcome<String>> outcomes = Burst.run(200, this::get);
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure()).isNull());
		for (TestServer server : this.servers) {
			assertThat(server.connectionsAccepted()).isEqualTo(1);
		}
		assertThat(onlyDestination().connectionsOpened()).isEqualTo(3);
	}

	@Test
	void withSpreadingOffANameWithSeveralAddressesGetsOneConnectionForAColdBurst() {
		startServers();
		this.resolver = new FleetResolver(at(IPS[0], port(0)), at(IPS[1], port(1)), at(IPS[2], port(2)));
		start(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withPool((pool) -> pool.withAddressSpreading(false)));
		List<Burst.Outcome<String>> outcomes = Burst.run(200, this::get);
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure()).isNull());
		assertThat(this.servers[0].connectionsAccepted()).isEqualTo(1);
		assertThat(this.servers[1].connectionsAccepted() + this.servers[2].connectionsAccepted()).isZero();
	}

	@Test
	void aDestinationOfItsOwnCanTurnSpreadingOff() {
		startServers();
		this.resolver = new FleetResolver(at(IPS[0], port(0)), at(IPS[1], port(1)), at(IPS[2], port(2)));
		start(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withDestinations(List.of(new DestinationSettings("backend.test", 8080, null, null, null, false))));
		Load.Result result = Load.run(50, Duration.ofSeconds(60), 1_000, this::get);
		assertThat(result.failures()).isEmpty();
		assertThat(this.servers[0].requests()).isEqualTo(1_000);
	}

	@Test
	void aNameWithOneAddressOpensOneConnectionForAColdBurstAndIsNotLookedUpPerCall() {
		startServers();
		this.resolver = new FleetResolver(at(IPS[0], port(0)));
		start(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		List<Burst.Outcome<String>> outcomes = Burst.run(200, this::get);
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure()).isNull());
		assertThat(this.servers[0].connectionsAccepted()).isEqualTo(1);
		assertThat(this.resolver.lookUps()).isEqualTo(1);
	}

	@Test
	void anAddressRemovedMidLoadIsDrainedWithoutFailingACall() throws Exception {
		fleet(ProtocolMode.H2C, 0, 1, 2);
		CompletableFuture<Load.Result> load = CompletableFuture
			.supplyAsync(() -> Load.run(100, Duration.ofSeconds(90), 12_000, this::get));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.servers[2].requests() > 1_000);
		this.resolver.answer(at(IPS[0], port(0)), at(IPS[1], port(1)));
		this.clock.advance(REFRESH);
		// Drained: it takes no new stream, and closes once its last stream completes.
		await().atMost(Duration.ofSeconds(30)).until(() -> addressOf(2) == null);
		int removedCount = this.servers[2].requests();
		Load.Result result = load.get();
		assertThat(result.failures()).isEmpty();
		assertThat(result.succeeded()).isEqualTo(12_000);
		assertThat(this.servers[2].requests()).isEqualTo(removedCount);
		assertThat(this.servers[0].requests() + this.servers[1].requests() + removedCount).isEqualTo(12_000);
	}

	@Test
	void aServerThatStopsMidLoadFailsNoGetWhileItsAddressIsStillListed() throws Exception {
		fleet(ProtocolMode.H2C, 0, 1, 2);
		CompletableFuture<Load.Result> load = CompletableFuture
			.supplyAsync(() -> Load.run(100, Duration.ofSeconds(90), 12_000, this::get));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.servers[2].requests() > 1_000);
		String stoppedAddress = address(2);
		this.servers[2].close();
		Load.Result result = load.get();
		assertThat(result.failures()).isEmpty();
		assertThat(result.succeeded()).isEqualTo(12_000);
		AddressSnapshot stopped = addressOf(stoppedAddress);
		assertThat(stopped.connections()).isZero();
		assertThat(stopped.listed()).isTrue();
	}

	@Test
	void anAddressAddedGetsConnectionsAndCallsWithinOneRefreshInterval() {
		fleet(ProtocolMode.H2C, 0, 1);
		Load.Result before = Load.run(50, Duration.ofSeconds(60), 1_000, this::get);
		assertThat(before.failures()).isEmpty();
		assertThat(this.servers[2].connectionsAccepted()).isZero();
		this.resolver.answer(at(IPS[0], port(0)), at(IPS[1], port(1)), at(IPS[2], port(2)));
		this.clock.advance(REFRESH);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.servers[2].connectionsAccepted() == 1);
		int[] counts = requestCounts();
		Load.Result after = Load.run(60, Duration.ofSeconds(60), 3_000, this::get);
		assertThat(after.failures()).isEmpty();
		int[] now = requestCounts();
		for (int i = 0; i < 3; i++) {
			assertThat(now[i] - counts[i]).as("calls to " + IPS[i]).isBetween(900, 1_100);
		}
	}

	@Test
	void anAddressThatRefusesConnectionsCostsNoFailedCall() {
		startServers();
		int refusedPort = TestServer.closedPort();
		this.resolver = new FleetResolver(at(IPS[0], port(0)), at("127.0.0.5", refusedPort), at(IPS[1], port(1)),
				at(IPS[2], port(2)));
		start(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		List<Burst.Outcome<String>> burst = Burst.run(200, this::get);
		assertThat(burst).allSatisfy((outcome) -> assertThat(outcome.failure()).isNull());
		Load.Result result = Load.run(100, Duration.ofSeconds(60), 1_500, this::get);
		assertThat(result.failures()).isEmpty();
		for (TestServer server : this.servers) {
			assertThat(server.requests()).isPositive();
		}
		AddressSnapshot refused = addressOf("127.0.0.5:" + refusedPort);
		assertThat(refused).isNotNull();
		assertThat(refused.down()).isTrue();
		assertThat(refused.connections()).isZero();
		assertThat(refused.connectFailures()).isPositive();
		assertThat(refused.lastFailure()).isNotNull();
		assertThat(onlyDestination().addresses()).filteredOn(AddressSnapshot::down).hasSize(1);
	}

	@Test
	void anAddressThatKeepsRefusingIsTriedAgainAtEachRefreshWithoutPilingUpConnectionsElsewhere() {
		startServers();
		int refusedPort = TestServer.closedPort();
		String refusedAddress = "127.0.0.5:" + refusedPort;
		this.resolver = new FleetResolver(at(IPS[0], port(0)), at(IPS[1], port(1)), at(IPS[2], port(2)),
				at("127.0.0.5", refusedPort));
		start(InternalHttpClientSettings.defaults()
			.withProtocol(ProtocolMode.H2C)
			.withPool((pool) -> pool.withAddressRefreshInterval(REFRESH)));
		assertThat(Load.run(50, Duration.ofSeconds(60), 1_000, this::get).failures()).isEmpty();
		for (int refresh = 0; refresh < 3; refresh++) {
			long failures = addressOf(refusedAddress).connectFailures();
			// Past its backoff: the refresh dials it again, and the dial goes on to another address.
			this.clock.advance(REFRESH);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> addressOf(refusedAddress).connectFailures() > failures);
			assertThat(Load.run(50, Duration.ofSeconds(60), 500, this::get).failures()).isEmpty();
		}
		// The connection each of those dials opened elsewhere was one too many: drained.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(Load.run(10, Duration.ofSeconds(60), 100, this::get).failures()).isEmpty();
			assertThat(onlyDestination().addresses().stream().mapToInt(AddressSnapshot::connections).sum())
				.isLessThanOrEqualTo(4);
		});
		assertThat(addressOf(refusedAddress).connections()).isZero();
		assertThat(addressOf(refusedAddress).down()).isTrue();
	}

	@Test
	void aDestinationFailsOnlyWhenEveryAddressFails() {
		int refusedPort = TestServer.closedPort();
		this.resolver = new FleetResolver(at("127.0.0.5", refusedPort), at("127.0.0.6", refusedPort));
		start(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
		List<Burst.Outcome<String>> outcomes = Burst.run(10, this::get);
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure()).isNotNull());
		assertThat(onlyDestination().addresses()).hasSize(2).allSatisfy((address) -> {
			assertThat(address.down()).isTrue();
			assertThat(address.connectFailures()).isPositive();
		});
	}

	private void fleet(ProtocolMode protocol, int... listed) {
		fleetWith(protocol, 1, listed);
	}

	private void fleetWith(ProtocolMode protocol, int connectionsPerAddress, int... listed) {
		startServers();
		this.resolver = new FleetResolver(Arrays.stream(listed)
			.mapToObj((i) -> at(IPS[i], port(i)))
			.toArray(InetSocketAddress[]::new));
		start(InternalHttpClientSettings.defaults()
			.withProtocol(protocol)
			.withPool((pool) -> pool.withConnectionsPerAddress(connectionsPerAddress)
				.withAddressRefreshInterval(REFRESH)));
	}

	private void startServers() {
		this.servers = new TestServer[IPS.length];
		for (int i = 0; i < IPS.length; i++) {
			// More streams than any burst here, so that one connection per address carries it.
			this.servers[i] = this.closeables.add(TestServer.clearText(IPS[i], 256));
		}
	}

	private void start(InternalHttpClientSettings settings) {
		this.client = this.closeables.add(new InternalHttpClient(settings, this.clock,
				(httpClient) -> httpClient.setSocketAddressResolver(this.resolver)));
		this.client.start();
		this.restClient = RestClient.builder().requestFactory(this.client.requestFactory()).build();
	}

	private String get() {
		return this.restClient.get().uri(URI.create("http://backend.test:8080/")).retrieve().body(String.class);
	}

	private int port(int server) {
		return this.servers[server].port();
	}

	private String address(int server) {
		return IPS[server] + ":" + port(server);
	}

	private int[] requestCounts() {
		int[] counts = new int[this.servers.length];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = this.servers[i].requests();
		}
		return counts;
	}

	private DestinationSnapshot onlyDestination() {
		List<DestinationSnapshot> destinations = this.client.destinations();
		assertThat(destinations).hasSize(1);
		return destinations.get(0);
	}

	private AddressSnapshot addressOf(int server) {
		AddressSnapshot address = addressOf(address(server));
		return (address != null && (address.listed() || address.connections() > 0)) ? address : null;
	}

	private AddressSnapshot addressOf(String address) {
		return onlyDestination().addresses()
			.stream()
			.filter((snapshot) -> snapshot.address().equals(address))
			.findFirst()
			.orElse(null);
	}

	/**
	 * Each server's share of the calls made since the given counts is within 10 % (or the
	 * given tolerance) of an even share.
	 */
	private void assertEvenShares(int calls, int[] before) {
		assertEvenShares(calls, before, 0.10);
	}

	private void assertEvenShares(int calls, int[] before, double tolerance) {
		double even = (double) calls / this.servers.length;
		int[] now = requestCounts();
		for (int i = 0; i < now.length; i++) {
			assertThat((double) now[i] - before[i])
				.as("calls to %s of %s, connections %s", IPS[i], Arrays.toString(now),
						onlyDestination().addresses())
				.isBetween(even * (1 - tolerance), even * (1 + tolerance));
		}
	}

}
