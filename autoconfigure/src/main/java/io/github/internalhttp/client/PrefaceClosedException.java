package io.github.internalhttp.client;

/**
 * A server closed a new h2c connection before answering its preface, so nothing was sent
 * on it. A server that speaks only HTTP/1.1 may do this, but so may one that is restarting
 * or shedding load: the request is sent again over h2c, and only a second close in a row
 * downgrades the destination ({@link ProtocolDowngradeException}).
 */
public class PrefaceClosedException extends RequestNotSentException {

	public PrefaceClosedException(String destination, String message, Throwable cause) {
		super(destination, message, cause);
	}

}
