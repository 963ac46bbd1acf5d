package io.github.internalhttp.client.pool;

import java.util.List;

import io.github.internalhttp.client.WireProtocol;
import org.eclipse.jetty.client.Origin;

/**
 * What a pool knows of the protocol its destination speaks: what the destination's
 * route allows at first, then what its connections turned out to speak. A TLS
 * destination that may negotiate h2 or http/1.1 is {@link WireProtocol#UNKNOWN} until its
 * first connection is open.
 */
final class DetectedProtocol {

	/** Streams per connection before any connection told. */
	static final int UNKNOWN_STREAMS = 0;

	/** Whether the destination's route allows HTTP/2. */
	private final boolean mayMultiplex;

	/** The protocol the destination's connections speak. */
	private volatile WireProtocol protocol;

	/** Streams the most recently opened connection allowed, 1 for HTTP/1.1. */
	private volatile int streamsPerConnection = UNKNOWN_STREAMS;

	DetectedProtocol(Origin origin) {
		Origin.Protocol route = origin.getProtocol();
		List<String> protocols = (route != null) ? route.getProtocols() : List.of("http/1.1");
		this.mayMultiplex = protocols.contains("h2") || protocols.contains("h2c");
		this.protocol = initialProtocol(protocols, origin.isSecure());
	}

	private static WireProtocol initialProtocol(List<String> protocols, boolean secure) {
		if (protocols.size() == 1) {
			return switch (protocols.get(0)) {
				case "h2c" -> WireProtocol.H2C;
				case "h2" -> WireProtocol.H2;
				default -> WireProtocol.HTTP1;
			};
		}
		return secure ? WireProtocol.UNKNOWN : WireProtocol.HTTP1;
	}

	/**
	 * Learn from a connection just opened.
	 * @param multiplexed whether it speaks HTTP/2
	 * @param streams the streams it allows at once
	 */
	void connectionOpened(boolean multiplexed, int streams) {
		if (multiplexed) {
			this.streamsPerConnection = streams;
			if (this.protocol == WireProtocol.UNKNOWN) {
				this.protocol = WireProtocol.H2;
			}
		}
		else {
			this.streamsPerConnection = 1;
			this.protocol = WireProtocol.HTTP1;
		}
	}

	WireProtocol protocol() {
		return this.protocol;
	}

	/**
	 * Whether the destination's connections may carry several requests at once: its
	 * route allows HTTP/2, and no connection turned out to speak HTTP/1.1.
	 * @return whether connections may be multiplexed
	 */
	boolean mayMultiplex() {
		return this.mayMultiplex && this.protocol != WireProtocol.HTTP1;
	}

	/**
	 * The streams the most recently opened connection allowed at once.
	 * @return the streams, 1 for HTTP/1.1, {@link #UNKNOWN_STREAMS} until a connection
	 * opened
	 */
	int streamsPerConnection() {
		return this.streamsPerConnection;
	}

}
