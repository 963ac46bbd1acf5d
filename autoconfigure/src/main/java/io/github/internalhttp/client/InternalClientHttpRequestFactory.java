package io.github.internalhttp.client;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * A {@link ClientHttpRequestFactory} over an {@link InternalHttpClient}'s shared pool.
 * Instances are immutable and cheap: derive one with other options through the
 * {@code with*} methods; all of them share the client. The factory never starts or stops
 * the client: its owner does.
 */
public final class InternalClientHttpRequestFactory implements ClientHttpRequestFactory {

	private final InternalHttpClient client;

	private final Duration responseTimeout;

	private final @Nullable Boolean followRedirects;

	InternalClientHttpRequestFactory(InternalHttpClient client, Duration responseTimeout) {
		this(client, responseTimeout, null);
	}

	private InternalClientHttpRequestFactory(InternalHttpClient client, Duration responseTimeout,
			@Nullable Boolean followRedirects) {
		if (responseTimeout.isNegative() || responseTimeout.isZero()) {
			throw new IllegalArgumentException("responseTimeout must be positive but was " + responseTimeout);
		}
		this.client = client;
		this.responseTimeout = responseTimeout;
		this.followRedirects = followRedirects;
	}

	/**
	 * A factory whose requests wait the given time for the response headers.
	 * @param responseTimeout the time to wait for the response headers
	 * @return a new factory on the same client
	 */
	public InternalClientHttpRequestFactory withResponseTimeout(Duration responseTimeout) {
		return new InternalClientHttpRequestFactory(this.client, responseTimeout, this.followRedirects);
	}

	/**
	 * A factory whose requests follow redirects or not; by default they do.
	 * @param followRedirects whether to follow redirects
	 * @return a new factory on the same client
	 */
	public InternalClientHttpRequestFactory withFollowRedirects(boolean followRedirects) {
		return new InternalClientHttpRequestFactory(this.client, this.responseTimeout, followRedirects);
	}

	public InternalHttpClient getClient() {
		return this.client;
	}

	public Duration getResponseTimeout() {
		return this.responseTimeout;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new InternalClientHttpRequest(this.client, uri, httpMethod, this.responseTimeout, this.followRedirects);
	}

}
