package io.github.internalhttp.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import static io.github.internalhttp.client.SettingsChecks.atLeast;
import static io.github.internalhttp.client.SettingsChecks.between;
import static io.github.internalhttp.client.SettingsChecks.positive;
import static io.github.internalhttp.client.SettingsChecks.positiveIfSet;

/**
 * The HTTP/2 settings of an {@link InternalHttpClient} ({@code internal.http.client.http2.*}):
 * stream limit, flow-control windows and PING keep-alive. Immutable; every value is
 * checked when set.
 *
 * @param maxConcurrentStreams client cap on concurrent streams per connection,
 * {@code null} to use what the server advertises
 * @param initialStreamWindow initial flow-control window of a stream, in bytes
 * @param initialSessionWindow initial flow-control window of a connection, in bytes
 * @param pingInterval how often an idle connection is checked with a PING, {@code null}
 * for never
 * @param pingTimeout how long a PING may go unanswered before its connection is evicted
 */
public record Http2Settings(@Nullable Integer maxConcurrentStreams, int initialStreamWindow, int initialSessionWindow,
		@Nullable Duration pingInterval, Duration pingTimeout) {

	/** RFC 9113 section 6.9.2: a smaller window cannot be announced at the preface. */
	private static final int MIN_WINDOW = 65535;

	private static final Http2Settings DEFAULTS = new Http2Settings(null, 8 * 1024 * 1024, 16 * 1024 * 1024, null,
			Duration.ofSeconds(10));

	public Http2Settings {
		if (maxConcurrentStreams != null) {
			atLeast("http2.max-concurrent-streams", maxConcurrentStreams, 1);
		}
		between("http2.initial-stream-window", initialStreamWindow, MIN_WINDOW, Integer.MAX_VALUE);
		between("http2.initial-session-window", initialSessionWindow, MIN_WINDOW, Integer.MAX_VALUE);
		positiveIfSet("http2.ping-interval", pingInterval);
		positive("http2.ping-timeout", pingTimeout);
	}

	/**
	 * The defaults: the server's stream limit, an 8 MiB stream window, a 16 MiB
	 * connection window, no PING, a 10 second PING timeout.
	 * @return the default HTTP/2 settings
	 */
	public static Http2Settings defaults() {
		return DEFAULTS;
	}

	public Http2Settings withMaxConcurrentStreams(@Nullable Integer maxConcurrentStreams) {
		return new Http2Settings(maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow,
				this.pingInterval, this.pingTimeout);
	}

	public Http2Settings withInitialStreamWindow(int initialStreamWindow) {
		return new Http2Settings(this.maxConcurrentStreams, initialStreamWindow, this.initialSessionWindow,
				this.pingInterval, this.pingTimeout);
	}

	public Http2Settings withInitialSessionWindow(int initialSessionWindow) {
		return new Http2Settings(this.maxConcurrentStreams, this.initialStreamWindow, initialSessionWindow,
				this.pingInterval, this.pingTimeout);
	}

	public Http2Settings withPingInterval(@Nullable Duration pingInterval) {
		return new Http2Settings(this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow,
				pingInterval, this.pingTimeout);
	}

	public Http2Settings withPingTimeout(Duration pingTimeout) {
		return new Http2Settings(this.maxConcurrentStreams, this.initialStreamWindow, this.initialSessionWindow,
				this.pingInterval, pingTimeout);
	}

}
