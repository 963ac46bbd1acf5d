package io.github.internalhttp.client;

/**
 * How the client chooses the HTTP version for a destination: the mode, not the protocol a
 * connection ends up speaking on the wire.
 *
 * @see InternalHttpClientSettings#protocol()
 */
public enum ProtocolMode {

	/**
	 * {@code https://} negotiates h2 or http/1.1 by ALPN; {@code http://} uses pooled
	 * keep-alive HTTP/1.1.
	 */
	AUTO,

	/**
	 * {@code http://} uses HTTP/2 with prior knowledge (h2c), the internal-hop case;
	 * {@code https://} negotiates by ALPN as in {@link #AUTO}.
	 */
	H2C,

	/**
	 * HTTP/1.1 only, for both {@code http://} and {@code https://}.
	 */
	HTTP1

}
