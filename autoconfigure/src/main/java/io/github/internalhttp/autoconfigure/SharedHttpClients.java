package io.github.internalhttp.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.github.internalhttp.client.InternalHttpClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.client.HttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The application's shared clients: the default {@link InternalHttpClient}, and one more
 * per other TLS identity (SSL bundle) or connect timeout that a client of the application
 * asks for, such as an HTTP service group's {@code ssl.bundle}. Each is created once, on
 * first use, with the default client's settings but for its bundle and connect timeout,
 * and stopped when this is closed, with the context. So every builder gets a client with
 * the same pool semantics (h2 by ALPN, one pool per destination) and none gets a client
 * that outlives the application.
 * <p>
 * Clients are named for the {@code client} tag of their meters, the endpoint and the
 * health contributor: {@value #DEFAULT} for the default client, the bundle's name for a
 * bundle's, with {@code -connect-<millis>ms} appended when a connect timeout differs. The
 * names are as many as the configuration has bundles and connect timeouts: bounded.
 * <p>
 * A bundle registered in {@link SslBundles} is followed when Spring Boot reloads it
 * ({@code reload-on-update}): its client opens its next connections with the new
 * material.
 */
public final class SharedHttpClients implements AutoCloseable {

	/** Name of the default client. */
	public static final String DEFAULT = "default";

	private static final Log logger = LogFactory.getLog(SharedHttpClients.class);

	private final InternalHttpClient defaultClient;

	private final @Nullable SslBundles sslBundles;

	private final Consumer<HttpClient> customizer;

	private final @Nullable Object defaultBundleKey;

	private final Map<Key, Named> clients = new LinkedHashMap<>();

	private final Map<SslBundle, String> unnamedBundles = new IdentityHashMap<>();

	private final List<BiConsumer<String, InternalHttpClient>> listeners = new ArrayList<>();

	private boolean closed;

	/**
	 * Create the shared clients around the default one, which stays the caller's to close.
	 * @param defaultClient the default client, whose settings the others share
	 * @param sslBundles the application's SSL bundles, to name bundles and follow their
	 * reloads, or {@code null}
	 * @param customizer applied to every client this creates, before it starts
	 */
	public SharedHttpClients(InternalHttpClient defaultClient, @Nullable SslBundles sslBundles,
			Consumer<HttpClient> customizer) {
		this.defaultClient = defaultClient;
		this.sslBundles = sslBundles;
		this.customizer = customizer;
		SslBundle defaultBundle = defaultClient.getSettings().sslBundle();
		String defaultBundleName = bundleName(defaultBundle);
		this.defaultBundleKey = bundleKey(defaultBundle, defaultBundleName);
		Key key = new Key(this.defaultBundleKey, defaultClient.getSettings().connectTimeout());
		this.clients.put(key, new Named(DEFAULT, defaultClient, false));
		followReloads(defaultBundleName, defaultClient);
	}

	/**
	 * The default client: the one without a TLS identity or connect timeout of its own.
	 * @return the default client
	 */
	public InternalHttpClient defaultClient() {
		return this.defaultClient;
	}

	/**
	 * The shared client for an SSL bundle and connect timeout, created and started on
	 * first use.
	 * @param sslBundle the bundle, or {@code null} for the default client's TLS
	 * @param connectTimeout the connect timeout, or {@code null} for the default client's
	 * @return the shared client
	 */
	public synchronized InternalHttpClient client(@Nullable SslBundle sslBundle, @Nullable Duration connectTimeout) {
		if (this.closed) {
			throw new IllegalStateException("The shared internal HTTP clients are closed");
		}
		SslBundle bundle = (sslBundle != null) ? sslBundle : this.defaultClient.getSettings().sslBundle();
		Duration timeout = (connectTimeout != null) ? connectTimeout : this.defaultClient.getSettings().connectTimeout();
		String bundleName = bundleName(bundle);
		// No bundle means the default client's TLS, whatever its bundle became since.
		Key key = new Key((sslBundle != null) ? bundleKey(bundle, bundleName) : this.defaultBundleKey, timeout);
		Named named = this.clients.get(key);
		if (named == null) {
			String name = name(bundle, bundleName, timeout);
			InternalHttpClient client = new InternalHttpClient(
					this.defaultClient.getSettings().withSslBundle(bundle).withConnectTimeout(timeout),
					Clock.systemUTC(), this.customizer);
			client.start();
			named = new Named(name, client, true);
			this.clients.put(key, named);
			logger.debug("Shared internal HTTP client '" + name + "' started");
			followReloads(bundleName, client);
			for (BiConsumer<String, InternalHttpClient> listener : this.listeners) {
				listener.accept(name, client);
			}
		}
		return named.client();
	}

	/**
	 * Every shared client by name, the default one first, then in order of creation.
	 * @return the clients by name
	 */
	public synchronized Map<String, InternalHttpClient> clients() {
		Map<String, InternalHttpClient> clients = new LinkedHashMap<>();
		this.clients.values().forEach((named) -> clients.put(named.name(), named.client()));
		return Collections.unmodifiableMap(clients);
	}

	/**
	 * Be told of every shared client: called at once for the existing ones, then for each
	 * one created, on the creating thread.
	 * @param listener called with each client's name and the client
	 */
	public synchronized void forEachClient(BiConsumer<String, InternalHttpClient> listener) {
		this.listeners.add(listener);
		this.clients.values().forEach((named) -> listener.accept(named.name(), named.client()));
	}

	/**
	 * Stop every client this created; the default client is its creator's to stop.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		for (Named named : this.clients.values()) {
			if (named.owned()) {
				named.client().close();
			}
		}
	}

	private String name(@Nullable SslBundle bundle, @Nullable String bundleName, Duration connectTimeout) {
		String name;
		if (bundle == null || bundle == this.defaultClient.getSettings().sslBundle()) {
			name = DEFAULT;
		}
		else if (bundleName != null) {
			name = bundleName;
		}
		else {
			name = this.unnamedBundles.computeIfAbsent(bundle,
					(unnamed) -> "bundle-" + (this.unnamedBundles.size() + 1));
		}
		if (!connectTimeout.equals(this.defaultClient.getSettings().connectTimeout())) {
			name = name + "-connect-" + connectTimeout.toMillis() + "ms";
		}
		return name;
	}

	/**
	 * The name under which {@link SslBundles} holds the bundle: Spring Boot's registry
	 * hands out one instance per name until the bundle is reloaded.
	 */
	private @Nullable String bundleName(@Nullable SslBundle bundle) {
		if (bundle == null || this.sslBundles == null) {
			return null;
		}
		for (String name : this.sslBundles.getBundleNames()) {
			if (this.sslBundles.getBundle(name) == bundle) {
				return name;
			}
		}
		return null;
	}

	/**
	 * What identifies a TLS configuration: a registered bundle's name, so that a reloaded
	 * bundle keeps its client, else the bundle instance itself.
	 */
	private static @Nullable Object bundleKey(@Nullable SslBundle bundle, @Nullable String bundleName) {
		if (bundle == null) {
			return null;
		}
		return (bundleName != null) ? bundleName : new Identity(bundle);
	}

	private void followReloads(@Nullable String bundleName, InternalHttpClient client) {
		if (bundleName != null && this.sslBundles != null) {
			this.sslBundles.addBundleUpdateHandler(bundleName, (updated) -> {
				client.reloadSslBundle(updated);
				logger.info("SSL bundle '" + bundleName + "' reloaded: new connections of its shared client use it");
			});
		}
	}

	private record Key(@Nullable Object bundle, Duration connectTimeout) {

	}

	private record Named(String name, InternalHttpClient client, boolean owned) {

	}

	/**
	 * An unregistered bundle, equal only to itself.
	 */
	private record Identity(SslBundle bundle) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Identity identity && identity.bundle == this.bundle;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.bundle);
		}

	}

}
