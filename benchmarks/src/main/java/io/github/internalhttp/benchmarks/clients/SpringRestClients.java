package io.github.internalhttp.benchmarks.clients;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.netty.http.HttpProtocol;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * {@code RestClient} exactly as an application gets it from a real Spring Boot context,
 * called as users call it: {@code restClient.get().uri(uri).retrieve().body(String.class)}
 * with a ready {@link URI} (no template to expand).
 */
public final class SpringRestClients implements BenchClient {

	private static final String OUR_AUTO_CONFIGURATION = "io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration";

	private final ConfigurableApplicationContext context;

	private final RestClient restClient;

	private final String description;

	private SpringRestClients(Map<String, Object> properties, boolean injectedRestClient) {
		this(properties, injectedRestClient, null);
	}

	private SpringRestClients(Map<String, Object> properties, boolean injectedRestClient,
			ClientHttpRequestFactoryBuilder<?> factoryBuilder) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("spring.main.banner-mode", "off");
		all.put("spring.main.log-startup-info", "false");
		all.put("logging.level.root", "WARN");
		all.putAll(properties);
		SpringApplicationBuilder application = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties(all);
		if (factoryBuilder != null) {
			// As an application customises Boot's factory: a ClientHttpRequestFactoryBuilder
			// bean, which Boot's RestClient.Builder then uses with Boot's settings.
			application.initializers((context) -> context.getBeanFactory()
				.registerSingleton("clientHttpRequestFactoryBuilder", factoryBuilder));
		}
		this.context = application.run();
		// The starter's RestClient bean; without the starter Boot has no RestClient bean,
		// only the auto-configured RestClient.Builder that applications build from.
		this.restClient = injectedRestClient ? this.context.getBean(RestClient.class)
				: this.context.getBean(RestClient.Builder.class).build();
		this.description = requestFactoryOf(this.restClient);
	}

	/**
	 * The starter's {@code RestClient} bean.
	 * @param protocol {@code internal.http.client.protocol}
	 * @return the client
	 */
	public static SpringRestClients starter(String protocol) {
		return new SpringRestClients(Map.of("internal.http.client.protocol", protocol), true);
	}

	/** Warm-up requests of {@link #starterWarmedUp}. */
	public static final int WARMUP_REQUESTS = 20_000;

	/**
	 * The starter's {@code RestClient} bean over h2c with the opt-in startup warm-up: the
	 * context is ready only once {@code requests} GETs to {@code target} went through
	 * {@code RestClient} ({@code prewarm.destinations[0].warmup-requests}).
	 * @param target the URL the warm-up requests GET
	 * @param requests how many
	 * @return the client
	 */
	public static SpringRestClients starterWarmedUp(URI target, int requests) {
		return new SpringRestClients(Map.of("internal.http.client.protocol", "h2c",
				"internal.http.client.prewarm.destinations[0].url", target.toString(),
				"internal.http.client.prewarm.destinations[0].warmup-requests", Integer.toString(requests),
				"internal.http.client.prewarm.wait", "120s"), true);
	}

	/**
	 * The starter's {@code RestClient} bean over h2c with a client cap on streams per
	 * connection, so that the load spreads over several connections.
	 * @param maxStreams {@code internal.http.client.http2.max-concurrent-streams}
	 * @return the client
	 */
	public static SpringRestClients starterH2cCappedStreams(int maxStreams) {
		return new SpringRestClients(Map.of("internal.http.client.protocol", "h2c",
				"internal.http.client.http2.max-concurrent-streams", Integer.toString(maxStreams)), true);
	}

	/**
	 * What a Spring Boot 4 application gets without the starter: a {@code RestClient}
	 * from Boot's auto-configured builder.
	 * @param factory {@code spring.http.clients.imperative.factory}, or {@code null} for
	 * Boot's detection
	 * @return the client
	 */
	public static SpringRestClients boot(String factory) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.autoconfigure.exclude", OUR_AUTO_CONFIGURATION);
		if (factory != null) {
			properties.put("spring.http.clients.imperative.factory", factory);
		}
		return new SpringRestClients(properties, false);
	}

	/**
	 * Without the starter, Boot's {@code HttpComponentsClientHttpRequestFactory} (Apache
	 * HttpClient 5 classic, Boot's first choice when httpclient5 is on the classpath) with
	 * a pool of {@code maxConnections} per route and in total; Boot's own defaults when
	 * {@code null} (HttpClient's pool: 5 per route, 25 in total).
	 * @param maxConnections the pool's size, or {@code null}
	 * @return the client
	 */
	public static SpringRestClients bootApache(Integer maxConnections) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.autoconfigure.exclude", OUR_AUTO_CONFIGURATION);
		properties.put("spring.http.clients.imperative.factory", "http-components");
		ClientHttpRequestFactoryBuilder<?> builder = (maxConnections != null)
				? ClientHttpRequestFactoryBuilder.httpComponents()
					.withConnectionManagerCustomizer((manager) -> manager.setMaxConnPerRoute(maxConnections)
						.setMaxConnTotal(maxConnections))
				: null;
		return new SpringRestClients(properties, false, builder);
	}

	/**
	 * Without the starter, Boot's {@code ReactorClientHttpRequestFactory} over a Reactor
	 * Netty client speaking h2c by prior knowledge.
	 * @return the client
	 */
	public static SpringRestClients bootReactorH2c() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.autoconfigure.exclude", OUR_AUTO_CONFIGURATION);
		return new SpringRestClients(properties, false, ClientHttpRequestFactoryBuilder.reactor()
			.withHttpClientCustomizer((client) -> client.protocol(HttpProtocol.H2C)));
	}

	@Override
	public String call(URI uri) {
		return this.restClient.get().uri(uri).retrieve().body(String.class);
	}

	@Override
	public String describe() {
		return "RestClient over " + this.description;
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static String requestFactoryOf(RestClient restClient) {
		try {
			Field field = restClient.getClass().getDeclaredField("clientRequestFactory");
			field.setAccessible(true);
			return field.get(restClient).getClass().getSimpleName();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return "an unknown request factory";
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
