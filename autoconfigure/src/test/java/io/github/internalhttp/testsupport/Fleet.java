package io.github.internalhttp.testsupport;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import org.awaitility.Awaitility;

/**
 * h2c servers on loopback addresses of their own (127.0.0.2, 127.0.0.3, ...) behind one
 * name, {@code backend.test}, that a {@link FleetResolver} maps to them, and a client
 * using that resolver: a fleet for the address-spreading tests of the endpoint, the
 * health indicator and the metrics.
 */
public final class Fleet implements AutoCloseable {

	/** The name every server answers to. */
	public static final URI URI_OF_THE_NAME = URI.create("http://backend.test:8080/");

	private final List<TestServer> servers = new ArrayList<>();

	private final FleetResolver resolver;

	private final InternalHttpClient client;

	private Fleet(List<String> ips, List<InetSocketAddress> refusing, Clock clock) {
		List<InetSocketAddress> addresses = new ArrayList<>();
		for (String ip : ips) {
			TestServer server = TestServer.clearText(ip, 256);
			this.servers.add(server);
			addresses.add(new InetSocketAddress(ip, server.port()));
		}
		addresses.addAll(refusing);
		this.resolver = new FleetResolver(addresses.toArray(InetSocketAddress[]::new));
		this.client = new InternalHttpClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C),
				clock, (httpClient) -> httpClient.setSocketAddressResolver(this.resolver));
		this.client.start();
	}

	/**
	 * Start servers on the given loopback addresses, list them and the refusing
	 * addresses for the name, and a started client.
	 * @param ips where servers listen
	 * @param refusing addresses listed where nothing listens
	 * @return the fleet
	 */
	public static Fleet of(List<String> ips, List<InetSocketAddress> refusing) {
		return new Fleet(ips, refusing, Clock.systemUTC());
	}

	public InternalHttpClient client() {
		return this.client;
	}

	public List<TestServer> servers() {
		return this.servers;
	}

	public FleetResolver resolver() {
		return this.resolver;
	}

	/**
	 * The address of a server, {@code ip:port}.
	 * @param index which server
	 * @return its address
	 */
	public String address(int index) {
		return this.servers.get(index).uri("").getHost() + ":" + this.servers.get(index).port();
	}

	/**
	 * Wait until the client holds a connection to every server: the connections to the
	 * other addresses open in the background once the first dial learned them.
	 */
	public void awaitConnectionToEveryServer() {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.client.destinations()
			.stream()
			.flatMap((destination) -> destination.addresses().stream())
			.filter((address) -> address.connections() > 0)
			.count() >= this.servers.size());
	}

	@Override
	public void close() {
		this.client.close();
		this.servers.forEach(TestServer::close);
	}

}
