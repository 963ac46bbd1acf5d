package io.github.internalhttp.sample.fanout;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which client a fan-out goes through.
 */
enum FanoutClient {

	/** The auto-configured {@code RestClient} over the shared client (h2c in this sample). */
	SHARED,

	/** The {@link Http1ComparisonClient}: same pool settings, HTTP/1.1 only. */
	HTTP1;

	String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	static FanoutClient of(String id) {
		for (FanoutClient client : values()) {
			if (client.id().equals(id)) {
				return client;
			}
		}
		throw new IllegalArgumentException("client must be one of "
				+ Arrays.stream(values()).map(FanoutClient::id).collect(Collectors.joining(", ")) + " but was " + id);
	}

}
