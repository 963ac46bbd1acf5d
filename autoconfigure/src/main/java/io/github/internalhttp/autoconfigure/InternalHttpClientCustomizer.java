package io.github.internalhttp.autoconfigure;

import org.eclipse.jetty.client.HttpClient;

/**
 * Callback that customizes the Jetty {@link HttpClient} of every shared client the
 * starter creates (the default one and one per TLS identity), once it is configured and
 * before it starts: for a proxy ({@code getProxyConfiguration()}), the address resolver
 * ({@code setSocketAddressResolver}) or the connector
 * ({@code getTransport().getClientConnector()}).
 * <p>
 * The transport, executor, scheduler and cookie store are the pool's own: replacing them
 * takes its guarantees away.
 */
@FunctionalInterface
public interface InternalHttpClientCustomizer {

	/**
	 * Customize the Jetty client before it starts.
	 * @param httpClient the Jetty client of one shared client
	 */
	void customize(HttpClient httpClient);

}
