package io.github.internalhttp.client;

import java.util.List;

/**
 * The names RFC 9113 (section 7) gives HTTP/2 error codes, as they appear in exception
 * messages, the endpoint and the {@code code} tag of metrics: a bounded set, with every
 * unknown code as one value.
 */
public final class Http2ErrorCodes {

	/** The name of every code the RFC defines, which is its index here. */
	private static final List<String> NAMES = List.of("NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR",
			"FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL",
			"COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED");

	/** The name of every code the RFC does not define, so that tags stay bounded. */
	public static final String UNKNOWN = "UNKNOWN";

	private Http2ErrorCodes() {
	}

	/**
	 * The RFC's name of an HTTP/2 error code.
	 * @param code the code of a RST_STREAM or GOAWAY frame
	 * @return its name, such as {@code INTERNAL_ERROR}, or {@value #UNKNOWN}
	 */
	public static String name(long code) {
		return (code >= 0 && code < NAMES.size()) ? NAMES.get((int) code) : UNKNOWN;
	}

}
