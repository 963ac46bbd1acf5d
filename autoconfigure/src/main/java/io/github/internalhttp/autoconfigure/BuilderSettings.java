package io.github.internalhttp.autoconfigure;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

import io.github.internalhttp.client.InternalHttpClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.ReflectionUtils;

/**
 * What the {@link HttpClientSettings} a builder is given ask of the shared clients, by
 * one rule of precedence, most specific first:
 * <ol>
 * <li>a value of the builder's own: a service group's
 * {@code spring.http.serviceclient.<group>.*}, or one set in code (such as
 * {@code RestTemplateBuilder.readTimeout}); a value differs from
 * {@code spring.http.clients.*} only when it is the builder's own;</li>
 * <li>{@code internal.http.client.*};</li>
 * <li>{@code spring.http.clients.*};</li>
 * <li>the starter's default.</li>
 * </ol>
 * A value of the builder's own that equals {@code spring.http.clients.*} cannot be told
 * apart from it and so gives way to {@code internal.http.client.*}.
 *
 * @param sslBundle the builder's own SSL bundle, or {@code null} for the default
 * client's
 * @param connectTimeout the builder's own connect timeout, or {@code null} for the
 * default client's
 * @param responseTimeout how long the builder's requests wait for the response headers
 * @param followRedirects whether the builder's requests follow redirects
 */
public record BuilderSettings(@Nullable SslBundle sslBundle, @Nullable Duration connectTimeout,
		Duration responseTimeout, boolean followRedirects) {

	/**
	 * Resolve a builder's settings.
	 * @param settings the builder's settings, or {@code null}
	 * @param global Spring Boot's {@code spring.http.clients.*} settings, or {@code null}
	 * @param properties the starter's properties
	 * @return what the builder gets
	 */
	private static final String INET_ADDRESS_FILTER = "inetAddressFilter";

	public static BuilderSettings resolve(@Nullable HttpClientSettings settings, @Nullable HttpClientSettings global,
			InternalHttpClientProperties properties) {
		HttpClientSettings globals = (global != null) ? global : HttpClientSettings.defaults();
		HttpClientSettings own = (settings != null) ? settings : globals;
		checkSupported(own, global);
		SslBundle sslBundle = (own.sslBundle() != globals.sslBundle()) ? own.sslBundle() : null;
		Duration connectTimeout = own(own.connectTimeout(), globals.connectTimeout());
		Duration responseTimeout = first(own(own.readTimeout(), globals.readTimeout()),
				properties.getResponseTimeout(), globals.readTimeout(),
				InternalHttpClientSettings.defaults().responseTimeout());
		HttpRedirects redirects = (own.redirects() != null) ? own.redirects() : globals.redirects();
		return new BuilderSettings(sslBundle, connectTimeout, Objects.requireNonNull(responseTimeout),
				redirects != HttpRedirects.DONT_FOLLOW);
	}

	private static @Nullable Duration own(@Nullable Duration value, @Nullable Duration global) {
		return (value != null && !value.equals(global)) ? value : null;
	}

	private static @Nullable Duration first(@Nullable Duration... values) {
		for (Duration value : values) {
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	/**
	 * Fail on the settings Spring Boot 4.1 added that the shared clients cannot honour,
	 * rather than drop them silently. Read by reflection: they do not exist on 4.0. An
	 * {@code InetAddressFilter} is honoured when it is the application's (an
	 * {@code InetAddressFilter} bean, in {@code spring.http.clients.*}'s settings): every
	 * shared client resolves through it.
	 * @param settings the settings a builder is given
	 * @param global Spring Boot's {@code spring.http.clients.*} settings, or {@code null}
	 */
	static void checkSupported(HttpClientSettings settings, @Nullable HttpClientSettings global) {
		Object cookieHandling = component(settings, "cookieHandling");
		if (cookieHandling != null && "ENABLE".equals(((Enum<?>) cookieHandling).name())) {
			throw new IllegalStateException("spring.http.clients.cookie-handling=enable (or a service group's) "
					+ "is not supported by the internal HTTP client: its clients are shared by every caller of "
					+ "the application, so they never store cookies. Use disable or enable-when-possible, or "
					+ "handle the cookie in the caller.");
		}
		Object filter = component(settings, INET_ADDRESS_FILTER);
		if (filter != null && filter != ((global != null) ? component(global, INET_ADDRESS_FILTER) : null)) {
			throw new IllegalStateException("An InetAddressFilter of a builder's own (set in code with "
					+ "HttpClientSettings.withInetAddressFilter) is not supported by the internal HTTP client: "
					+ "its clients are shared, so they apply the application's filter only. Declare the filter "
					+ "as an InetAddressFilter bean instead.");
		}
	}

	/**
	 * The application's {@code InetAddressFilter} (Spring Boot 4.1) as a predicate.
	 * @param global Spring Boot's {@code spring.http.clients.*} settings, or {@code null}
	 * @return the filter, or {@code null} when there is none
	 */
	static @Nullable Predicate<InetSocketAddress> inetAddressFilter(@Nullable HttpClientSettings global) {
		Object filter = (global != null) ? component(global, INET_ADDRESS_FILTER) : null;
		if (filter == null) {
			return null;
		}
		Method matches = ReflectionUtils.findMethod(filter.getClass(), "matches", InetSocketAddress.class);
		if (matches == null) {
			throw new IllegalStateException("Spring Boot's InetAddressFilter has no matches(InetSocketAddress)");
		}
		ReflectionUtils.makeAccessible(matches);
		return (address) -> Boolean.TRUE.equals(ReflectionUtils.invokeMethod(matches, filter, address));
	}

	private static @Nullable Object component(HttpClientSettings settings, String name) {
		try {
			return HttpClientSettings.class.getMethod(name).invoke(settings);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not read " + name + " of " + settings, ex);
		}
	}

}
