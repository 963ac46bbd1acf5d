package io.github.internalhttp.client;

/**
 * The durations the pool times for each destination. Each is a Micrometer timer named
 * {@code internal.http.client.}{@link #suffix()} and a summary of recent percentiles in
 * the destination's {@link DestinationSnapshot}.
 */
public enum PoolTimer {

	/**
	 * How long a request waited for a connection or a stream: from the moment it was
	 * queued on its destination to the moment it was sent on a connection.
	 */
	REQUESTS_WAIT("requests.wait"),

	/**
	 * How long a TCP connect took, from the connect call to the established socket, for
	 * every connection that opened; name resolution is not included.
	 */
	CONNECTIONS_CONNECT("connections.connect"),

	/**
	 * How long a TLS handshake took, from the established socket to the completed
	 * handshake, for every TLS connection that opened.
	 */
	CONNECTIONS_TLS_HANDSHAKE("connections.tls.handshake"),

	/**
	 * How long a connection lived in the pool, from the moment it opened to the moment it
	 * left the pool, recorded when it closes.
	 */
	CONNECTIONS_LIFETIME("connections.lifetime");

	private final String suffix;

	PoolTimer(String suffix) {
		this.suffix = suffix;
	}

	/**
	 * The timer's name under {@code internal.http.client.}, also its key in snapshots and
	 * in the endpoint.
	 * @return such as {@code requests.wait}
	 */
	public String suffix() {
		return this.suffix;
	}

}
