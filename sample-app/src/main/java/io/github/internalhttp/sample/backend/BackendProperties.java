package io.github.internalhttp.sample.backend;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the embedded backend.
 */
@ConfigurationProperties("sample.backend")
public class BackendProperties {

	/**
	 * Port the backend listens on, on 127.0.0.1. 0 picks a free port.
	 */
	private int port;

	/**
	 * How long the backend waits before it answers a request that names no delay of its
	 * own. It models the work of a real backend without holding a server thread.
	 */
	private Duration delay = Duration.ofMillis(5);

	/**
	 * Maximum concurrent HTTP/2 streams the backend allows per connection
	 * (SETTINGS_MAX_CONCURRENT_STREAMS).
	 */
	private int maxConcurrentStreams = 256;

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public Duration getDelay() {
		return this.delay;
	}

	public void setDelay(Duration delay) {
		this.delay = delay;
	}

	public int getMaxConcurrentStreams() {
		return this.maxConcurrentStreams;
	}

	public void setMaxConcurrentStreams(int maxConcurrentStreams) {
		this.maxConcurrentStreams = maxConcurrentStreams;
	}

}
