package io.github.internalhttp.client.pool;

import java.time.Clock;
import java.util.List;

import io.github.internalhttp.client.Protocol;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;

/**
 * The client's transport: it speaks HTTP/1.1 and HTTP/2 over one {@link ClientConnector},
 * chooses the protocol of each destination from the configured {@link Protocol}, and gives
 * every destination a {@link StreamAwareConnectionPool}.
 * <p>
 * HTTP/1.1 is listed first so that an {@code https://} server that sends no ALPN answer
 * still gets HTTP/1.1; ALPN offers both and the server picks. Clear-text destinations get
 * h2c with prior knowledge only in {@link Protocol#H2C} mode, because a client cannot
 * negotiate on clear text (it never sends {@code Upgrade: h2c}).
 */
public class RoutingTransport extends HttpClientTransportDynamic {

	private static final Origin.Protocol H2C = new Origin.Protocol(List.of("h2c"), false);

	private final Protocol protocol;

	private final Clock clock;

	/**
	 * Create a transport.
	 * @param connector the connector shared by HTTP/1.1 and HTTP/2 connections
	 * @param http2Client the HTTP/2 client, built on the same connector
	 * @param protocol how the protocol of each destination is chosen
	 * @param maxConnectionsPerDestination the most connections a destination may hold
	 * @param maxStreamsCap the client's cap on streams per HTTP/2 connection, 0 for none
	 * @param clock the clock failures are stamped with
	 */
	public RoutingTransport(ClientConnector connector, HTTP2Client http2Client, Protocol protocol,
			int maxConnectionsPerDestination, int maxStreamsCap, Clock clock) {
		super(connector, infos(http2Client, protocol));
		this.protocol = protocol;
		this.clock = clock;
		setConnectionPoolFactory((destination) -> new StreamAwareConnectionPool(destination,
				maxConnectionsPerDestination, maxStreamsCap, ((TrackedDestination) destination).getStats()));
	}

	private static HttpClientConnectionFactory.Info[] infos(HTTP2Client http2Client, Protocol protocol) {
		if (protocol == Protocol.HTTP1) {
			return new HttpClientConnectionFactory.Info[] { HttpClientConnectionFactory.HTTP11 };
		}
		return new HttpClientConnectionFactory.Info[] { HttpClientConnectionFactory.HTTP11,
				new ClientConnectionFactoryOverHTTP2.HTTP2(http2Client) };
	}

	@Override
	public Origin newOrigin(Request request) {
		boolean clearText = !HttpScheme.isSecure(request.getScheme());
		if (clearText && this.protocol == Protocol.H2C && !((HttpRequest) request).isVersionExplicit()) {
			if (request.getTransport() == null) {
				request.transport(Transport.TCP_IP);
			}
			return getHttpClient().createOrigin(request, H2C);
		}
		return super.newOrigin(request);
	}

	@Override
	public Destination newDestination(Origin origin) {
		return new TrackedDestination(getHttpClient(), origin, new DestinationStats(this.clock));
	}

	/**
	 * The pool of a destination created by this transport.
	 * @param destination a destination of the client using this transport
	 * @return its pool
	 */
	public static StreamAwareConnectionPool poolOf(Destination destination) {
		return (StreamAwareConnectionPool) destination.getConnectionPool();
	}

}
