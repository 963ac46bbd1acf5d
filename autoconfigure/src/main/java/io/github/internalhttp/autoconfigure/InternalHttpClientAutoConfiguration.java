package io.github.internalhttp.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.github.internalhttp.client.InternalHttpClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the shared clients: the default {@link InternalHttpClient}, and
 * the {@link SharedHttpClients} that add one client per other TLS identity, all started
 * with the context and stopped when it closes, behind the auto-configured
 * {@link RestClient} and every {@code RestClient.Builder}, {@code RestTemplateBuilder}
 * and HTTP service group of the application.
 * <p>
 * It runs before Spring Boot's imperative HTTP client auto-configuration so that its
 * {@link ClientHttpRequestFactoryBuilder} is the one Boot hands to every builder. It is
 * off with {@code internal.http.client.enabled=false}, and leaves the imperative clients
 * to Spring Boot when {@code spring.http.clients.imperative.factory} names another
 * client than Jetty.
 */
@AutoConfiguration(after = { HttpClientAutoConfiguration.class, SslAutoConfiguration.class },
		before = ImperativeHttpClientAutoConfiguration.class,
		beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass({ HttpClient.class, HTTP2Client.class, ClientHttpRequestFactoryBuilder.class })
@ConditionalOnBooleanProperty(name = InternalHttpClientProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(InternalHttpClientProperties.class)
public final class InternalHttpClientAutoConfiguration {

	static final String IMPERATIVE_FACTORY_PROPERTY = "spring.http.clients.imperative.factory";

	private static final Log logger = LogFactory.getLog(InternalHttpClientAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	InternalHttpClient internalHttpClient(InternalHttpClientProperties properties,
			ObjectProvider<HttpClientSettings> springSettings, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<InternalHttpClientCustomizer> customizers) {
		HttpClientSettings globalSettings = springSettings.getIfAvailable();
		if (globalSettings != null) {
			BuilderSettings.checkSupported(globalSettings, globalSettings);
		}
		SslBundle bundle = sslBundle(properties.getSsl().getBundle(), sslBundles);
		if (bundle == null && globalSettings != null) {
			bundle = globalSettings.sslBundle();
		}
		InternalHttpClient client = new InternalHttpClient(ClientSettingsMapper.map(properties, globalSettings, bundle),
				Clock.systemUTC(), customizer(customizers, globalSettings));
		client.start();
		return client;
	}

	@Bean
	@ConditionalOnMissingBean
	SharedHttpClients internalSharedHttpClients(InternalHttpClient client, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<InternalHttpClientCustomizer> customizers, ObjectProvider<HttpClientSettings> springSettings) {
		return new SharedHttpClients(client, sslBundles.getIfAvailable(),
				customizer(customizers, springSettings.getIfAvailable()));
	}

	/**
	 * What every shared client's Jetty client gets before it starts: Spring Boot 4.1's
	 * {@code InetAddressFilter} when the application has one, then the application's
	 * customizers, which may wrap the filtering resolver in turn.
	 */
	private static Consumer<HttpClient> customizer(ObjectProvider<InternalHttpClientCustomizer> customizers,
			@Nullable HttpClientSettings globalSettings) {
		List<InternalHttpClientCustomizer> ordered = customizers.orderedStream().toList();
		Predicate<InetSocketAddress> filter = BuilderSettings.inetAddressFilter(globalSettings);
		return (httpClient) -> {
			if (filter != null) {
				SocketAddressResolver resolver = httpClient.getSocketAddressResolver();
				if (resolver == null) {
					// What Jetty would create when it starts, on the client's own threads.
					resolver = new SocketAddressResolver.Async(httpClient.getExecutor(), httpClient.getScheduler(),
							httpClient.getAddressResolutionTimeout());
				}
				httpClient.setSocketAddressResolver(new FilteringSocketAddressResolver(resolver, filter));
			}
			ordered.forEach((customizer) -> customizer.customize(httpClient));
		};
	}

	private static @Nullable SslBundle sslBundle(@Nullable String bundle, ObjectProvider<SslBundles> sslBundles) {
		if (bundle == null) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException("internal.http.client.ssl.bundle is '" + bundle
					+ "' but no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		return bundles.getBundle(bundle);
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnSharedImperativeFactory.class)
	ClientHttpRequestFactoryBuilder<?> internalClientHttpRequestFactoryBuilder(SharedHttpClients clients,
			InternalHttpClientProperties properties, ObjectProvider<HttpClientSettings> globalSettings,
			ObjectProvider<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
		return customize(new SharedClientHttpRequestFactoryBuilder(clients, properties, globalSettings.getIfAvailable()),
				customizers.orderedStream().toList());
	}

	/**
	 * Apply Spring Boot's builder customizers that can take the shared builder, such as
	 * one adding a {@code withCustomizer} step, and name those that cannot: a customizer
	 * of Boot's Jetty, JDK or HttpComponents builder has nothing to customize here.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static ClientHttpRequestFactoryBuilder<?> customize(ClientHttpRequestFactoryBuilder<?> builder,
			List<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
		ClientHttpRequestFactoryBuilder<?> customized = builder;
		for (ClientHttpRequestFactoryBuilderCustomizer<?> customizer : customizers) {
			Class<?> type = ResolvableType
				.forClass(ClientHttpRequestFactoryBuilderCustomizer.class, customizer.getClass())
				.resolveGeneric(0);
			if (type != null && !type.isInstance(customized)) {
				warnNotApplied(customizer, type.getSimpleName());
				continue;
			}
			try {
				customized = ((ClientHttpRequestFactoryBuilderCustomizer) customizer).customize(customized);
			}
			catch (ClassCastException ex) {
				warnNotApplied(customizer, "another");
			}
		}
		return customized;
	}

	private static void warnNotApplied(ClientHttpRequestFactoryBuilderCustomizer<?> customizer, String builderType) {
		logger.warn("ClientHttpRequestFactoryBuilderCustomizer " + customizer.getClass().getName() + " customizes "
				+ builderType + " ClientHttpRequestFactoryBuilder and is not applied: the internal HTTP client "
				+ "builds every RestClient's request factory. Customize the Jetty client with an "
				+ "InternalHttpClientCustomizer bean, or the RestClient with a RestClientCustomizer");
	}

	@Bean
	static SmartInitializingSingleton internalHttpClientImperativeFactoryNotice(Environment environment) {
		return () -> {
			String factory = environment.getProperty(IMPERATIVE_FACTORY_PROPERTY);
			if (factory != null && !OnSharedImperativeFactory.isJetty(factory)) {
				logger.info(IMPERATIVE_FACTORY_PROPERTY + "=" + factory + ": the internal HTTP client leaves "
						+ "RestClient, RestTemplate and HTTP service groups to Spring Boot's " + factory
						+ " client, outside the shared pool");
			}
		};
	}

	@Bean
	PrewarmOnStartup internalHttpClientPrewarmOnStartup(InternalHttpClient client,
			InternalHttpClientProperties properties, ObjectProvider<RestClient.Builder> restClientBuilder) {
		// Warm-up requests go through the application's RestClient.Builder, with its
		// customizers and observations: the path its own calls take.
		WarmupRequests warmup = new WarmupRequests(() -> restClientBuilder
			.getIfAvailable(() -> RestClient.builder().requestFactory(client.requestFactory()))
			.build(), System::nanoTime);
		return new PrewarmOnStartup(client, properties.getPrewarm(), warmup);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClient.class)
	static class RestClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RestClient internalRestClient(ObjectProvider<RestClient.Builder> builder,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder) {
			return builder.getIfAvailable(() -> RestClient.builder()
				.requestFactory(requestFactoryBuilder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect).build()))
				.build();
		}

	}

	/**
	 * Matches unless {@code spring.http.clients.imperative.factory} names another client
	 * than Jetty.
	 */
	static class OnSharedImperativeFactory extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String factory = context.getEnvironment().getProperty(IMPERATIVE_FACTORY_PROPERTY);
			if (factory == null || isJetty(factory)) {
				return ConditionOutcome.match(IMPERATIVE_FACTORY_PROPERTY + " is not set or is jetty");
			}
			return ConditionOutcome.noMatch(IMPERATIVE_FACTORY_PROPERTY + " is " + factory);
		}

		static boolean isJetty(String factory) {
			return "jetty".equalsIgnoreCase(factory.trim());
		}

	}

}
