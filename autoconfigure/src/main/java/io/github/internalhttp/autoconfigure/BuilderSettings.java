package io.github.internalhttp.autoconfigure;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;

import io.github.internalhttp.client.InternalHttpClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;

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
	public static BuilderSettings resolve(@Nullable HttpClientSettings settings, @Nullable HttpClientSettings global,
			InternalHttpClientProperties properties) {
		HttpClientSettings globals = (global != null) ? global : HttpClientSettings.defaults();
		HttpClientSettings own = (settings != null) ? settings : globals;
		checkSupported(own);
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
	 * rather than drop them silently. Read by reflection: they do not exist on 4.0.
	 */
	static void checkSupported(HttpClientSettings settings) {
		Object cookieHandling = component(settings, "cookieHandling");
		if (cookieHandling != null && "ENABLE".equals(((Enum<?>) cookieHandling).name())) {
			throw new IllegalStateException("spring.http.clients.cookie-handling=enable (or a service group's) "
					+ "is not supported by the internal HTTP client: its clients are shared by every caller of "
					+ "the application, so they never store cookies. Use disable or enable-when-possible, or "
					+ "handle the cookie in the caller.");
		}
		for (Method method : HttpClientSettings.class.getMethods()) {
			if (method.getParameterCount() == 0 && method.getReturnType().getSimpleName().equals("InetAddressFilter")
					&& component(settings, method.getName()) != null) {
				throw new IllegalStateException("An InetAddressFilter is set in Spring Boot's HTTP client settings "
						+ "(spring.http.clients.* or a service group's), which the internal HTTP client cannot "
						+ "apply yet: remove it, or filter addresses with an InternalHttpClientCustomizer that "
						+ "sets the Jetty client's SocketAddressResolver.");
			}
		}
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
