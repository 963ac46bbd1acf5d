package io.github.internalhttp.client;

/**
 * The protocol a destination's connections speak on the wire, as opposed to the
 * {@link ProtocolMode} the client was asked to use.
 *
 * @see DestinationSnapshot#protocol()
 */
public enum WireProtocol {

	/**
	 * Not known yet: a TLS destination whose first connection is still negotiating by
	 * ALPN.
	 */
	UNKNOWN("unknown"),

	/**
	 * HTTP/1.1, one request at a time per connection.
	 */
	HTTP1("http1"),

	/**
	 * HTTP/2 over clear text, with prior knowledge.
	 */
	H2C("h2c"),

	/**
	 * HTTP/2 over TLS, negotiated by ALPN.
	 */
	H2("h2");

	private final String tag;

	WireProtocol(String tag) {
		this.tag = tag;
	}

	/**
	 * The lower-case name metrics, health details and the endpoint show.
	 * @return {@code unknown}, {@code http1}, {@code h2c} or {@code h2}
	 */
	public String tag() {
		return this.tag;
	}

	@Override
	public String toString() {
		return this.tag;
	}

}
