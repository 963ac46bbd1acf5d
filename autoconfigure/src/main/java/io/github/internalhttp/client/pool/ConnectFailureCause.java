package io.github.internalhttp.client.pool;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * Why an attempt to open a connection failed, as a bounded set of tag values.
 */
public enum ConnectFailureCause {

	/** The host refused the connection, or no route led to it. */
	REFUSED,

	/** The connect timeout passed first. */
	TIMEOUT,

	/** The TLS handshake failed: an untrusted certificate, no common protocol or cipher. */
	TLS,

	/** The host name did not resolve. */
	DNS,

	/** Anything else, such as a server closing the connection before answering. */
	OTHER;

	/**
	 * The tag value.
	 * @return the lower-case name
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The cause of a failure to connect, from the failure or the first of its causes that
	 * tells.
	 * @param failure the failure
	 * @return its cause
	 */
	public static ConnectFailureCause of(Throwable failure) {
		@Nullable Throwable current = failure;
		for (int depth = 0; current != null && depth < 10; depth++) {
			ConnectFailureCause cause = direct(current);
			if (cause != null) {
				return cause;
			}
			current = current.getCause();
		}
		return OTHER;
	}

	private static @Nullable ConnectFailureCause direct(Throwable failure) {
		if (failure instanceof UnknownHostException || failure instanceof UnresolvedAddressException) {
			return DNS;
		}
		if (failure instanceof SocketTimeoutException || failure instanceof TimeoutException) {
			return TIMEOUT;
		}
		if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
			return REFUSED;
		}
		if (failure instanceof SSLException) {
			return TLS;
		}
		return null;
	}

}
