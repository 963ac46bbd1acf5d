package io.github.internalhttp.autoconfigure;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.client.InternalClientHttpRequestFactory;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.testsupport.TestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JettyClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests of the shared clients' auto-configuration: each row of HELP.md's precedence table,
 * and the extension points (customizers, turning the starter off, another imperative
 * client).
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedClientsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, SslAutoConfiguration.class));

	private TestServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private static InternalClientHttpRequestFactory build(
			org.springframework.context.ApplicationContext context, HttpClientSettings settings) {
		return (InternalClientHttpRequestFactory) context.getBean(ClientHttpRequestFactoryBuilder.class)
			.build(settings);
	}

	private static HttpClientSettings global(org.springframework.context.ApplicationContext context) {
		return context.getBean(HttpClientSettings.class);
	}

	// Response timeout: builder's own > internal.http.client > spring.http.clients > 10s

	@Test
	void whenNoTimeoutIsSetThenABuilderWaitsTenSecondsForTheResponseHeaders() {
		this.contextRunner.run((context) -> assertThat(build(context, global(context)).getResponseTimeout())
			.isEqualTo(Duration.ofSeconds(10)));
	}

	@Test
	void whenOnlySpringHttpClientsReadTimeoutIsSetThenABuilderUsesIt() {
		this.contextRunner.withPropertyValues("spring.http.clients.read-timeout=3s")
			.run((context) -> assertThat(build(context, global(context)).getResponseTimeout())
				.isEqualTo(Duration.ofSeconds(3)));
	}

	@Test
	void whenTheStartersResponseTimeoutIsSetThenItBeatsSpringHttpClientsReadTimeout() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.read-timeout=3s", "internal.http.client.response-timeout=4s")
			.run((context) -> assertThat(build(context, global(context)).getResponseTimeout())
				.isEqualTo(Duration.ofSeconds(4)));
	}

	@Test
	void whenABuilderHasAReadTimeoutOfItsOwnThenItBeatsTheStartersResponseTimeout() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.read-timeout=3s", "internal.http.client.response-timeout=4s")
			.run((context) -> {
				// What Spring Boot hands the builder for spring.http.serviceclient.<group>.read-timeout=2s.
				InternalClientHttpRequestFactory factory = build(context,
						global(context).withReadTimeout(Duration.ofSeconds(2)));
				assertThat(factory.getResponseTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(factory.getClient()).isSameAs(context.getBean(InternalHttpClient.class));
			});
	}

	// Connect timeout: builder's own (a shared client of its own) > internal.http.client >
	// spring.http.clients > 5s

	@Test
	void whenNoConnectTimeoutIsSetThenTheDefaultClientConnectsWithinFiveSeconds() {
		this.contextRunner.run((context) -> assertThat(build(context, global(context)).getClient()
			.getSettings()
			.connectTimeout()).isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void whenOnlySpringHttpClientsConnectTimeoutIsSetThenTheDefaultClientUsesIt() {
		this.contextRunner.withPropertyValues("spring.http.clients.connect-timeout=3s")
			.run((context) -> assertThat(build(context, global(context)).getClient().getSettings().connectTimeout())
				.isEqualTo(Duration.ofSeconds(3)));
	}

	@Test
	void whenTheStartersConnectTimeoutIsSetThenItBeatsSpringHttpClientsConnectTimeout() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.connect-timeout=3s", "internal.http.client.connect-timeout=4s")
			.run((context) -> assertThat(build(context, global(context)).getClient().getSettings().connectTimeout())
				.isEqualTo(Duration.ofSeconds(4)));
	}

	@Test
	void whenABuilderHasAConnectTimeoutOfItsOwnThenItGetsASharedClientWithIt() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.connect-timeout=3s", "internal.http.client.connect-timeout=4s")
			.run((context) -> {
				InternalHttpClient client = build(context, global(context).withConnectTimeout(Duration.ofSeconds(2)))
					.getClient();
				assertThat(client.getSettings().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(client).isNotSameAs(context.getBean(InternalHttpClient.class));
				assertThat(context.getBean(SharedHttpClients.class).clients()).containsEntry("default-connect-2000ms",
						client);
				// Every other setting is the pool's.
				assertThat(client.getSettings().withConnectTimeout(Duration.ofSeconds(4)))
					.isEqualTo(context.getBean(InternalHttpClient.class).getSettings());
			});
	}

	// TLS: builder's own bundle (a shared client of its own) > internal.http.client.ssl.bundle
	// > spring.http.clients.ssl.bundle > the JVM's defaults

	@Test
	void whenNoBundleIsSetThenTheDefaultClientUsesTheJvmsTls() {
		this.contextRunner.run((context) -> assertThat(context.getBean(InternalHttpClient.class).getSettings().sslBundle())
			.isNull());
	}

	@Test
	void whenOnlySpringHttpClientsSslBundleIsSetThenTheDefaultClientUsesIt() {
		this.contextRunner.withPropertyValues(bundle("global")).withPropertyValues("spring.http.clients.ssl.bundle=global")
			.run((context) -> {
				assertThat(build(context, global(context)).getClient())
					.isSameAs(context.getBean(InternalHttpClient.class));
				assertThat(context.getBean(InternalHttpClient.class).getSettings().sslBundle())
					.isSameAs(context.getBean(SslBundles.class).getBundle("global"));
			});
	}

	@Test
	void whenTheStartersSslBundleIsSetThenItBeatsSpringHttpClientsSslBundle() {
		this.contextRunner.withPropertyValues(bundle("global")).withPropertyValues(bundle("internal"))
			.withPropertyValues("spring.http.clients.ssl.bundle=global", "internal.http.client.ssl.bundle=internal")
			.run((context) -> {
				assertThat(build(context, global(context)).getClient())
					.isSameAs(context.getBean(InternalHttpClient.class));
				assertThat(context.getBean(InternalHttpClient.class).getSettings().sslBundle())
					.isSameAs(context.getBean(SslBundles.class).getBundle("internal"));
			});
	}

	@Test
	void whenABuilderHasAnSslBundleOfItsOwnThenItGetsASharedClientNamedAfterIt() {
		this.contextRunner.withPropertyValues(bundle("internal")).withPropertyValues(bundle("partner"))
			.withPropertyValues("internal.http.client.ssl.bundle=internal")
			.run((context) -> {
				SslBundles bundles = context.getBean(SslBundles.class);
				InternalHttpClient client = build(context, global(context).withSslBundle(bundles.getBundle("partner")))
					.getClient();
				assertThat(client.getSettings().sslBundle()).isSameAs(bundles.getBundle("partner"));
				assertThat(context.getBean(SharedHttpClients.class).clients()).containsEntry("partner", client);
				// The starter's own bundle named by a builder is the default client's.
				assertThat(build(context, global(context).withSslBundle(bundles.getBundle("internal"))).getClient())
					.isSameAs(context.getBean(InternalHttpClient.class));
			});
	}

	// Redirects: builder's own > spring.http.clients.redirects > follow

	@Test
	void whenSpringHttpClientsDoesNotFollowRedirectsThenBuildersGetTheRedirectAndOneOfTheirOwnBeatsIt() {
		this.server = TestServer.clearText(256);
		this.contextRunner.withPropertyValues("spring.http.clients.redirects=dont-follow").run((context) -> {
			RestClient global = RestClient.builder().requestFactory(build(context, global(context))).build();
			assertThat(global.get().uri(this.server.uri("/redirect")).retrieve().toEntity(String.class)
				.getStatusCode()
				.value()).isEqualTo(302);
			RestClient own = RestClient.builder()
				.requestFactory(build(context,
						global(context).withRedirects(org.springframework.boot.http.client.HttpRedirects.FOLLOW)))
				.build();
			assertThat(own.get().uri(this.server.uri("/redirect")).retrieve().body(String.class)).isEqualTo("ok");
		});
	}

	// Extension points

	@Test
	void whenTheStarterIsDisabledThenSpringBootsOwnClientsComeBack() {
		this.contextRunner.withPropertyValues("internal.http.client.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(InternalHttpClient.class).doesNotHaveBean(SharedHttpClients.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(JettyClientHttpRequestFactoryBuilder.class);
		});
	}

	@Test
	void whenSpringHttpClientsImperativeFactoryNamesAnotherClientThenTheStarterBacksOffSayingSo(
			CapturedOutput output) {
		this.server = TestServer.clearText(256);
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=jdk").run((context) -> {
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(JdkClientHttpRequestFactoryBuilder.class);
			ResponseEntity<String> response = context.getBean(RestClient.Builder.class)
				.build()
				.get()
				.uri(this.server.uri("/"))
				.retrieve()
				.toEntity(String.class);
			assertThat(response.getBody()).isEqualTo("ok");
			assertThat(this.server.requests()).isEqualTo(1);
			assertThat(context.getBean(InternalHttpClient.class).destinations()).isEmpty();
			assertThat(output).contains("spring.http.clients.imperative.factory=jdk: the internal HTTP client leaves "
					+ "RestClient, RestTemplate and HTTP service groups to Spring Boot's jdk client");
		});
	}

	@Test
	void whenSpringHttpClientsImperativeFactoryIsJettyThenBuildersStayOnTheSharedClient() {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=jetty")
			.run((context) -> assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(SharedClientHttpRequestFactoryBuilder.class));
	}

	@Test
	void whenABuilderCustomizerCanTakeTheSharedBuilderThenEveryFactoryGetsItsStep() {
		this.server = TestServer.clearText(256);
		AtomicInteger customized = new AtomicInteger();
		this.contextRunner.withBean(ClientHttpRequestFactoryBuilderCustomizer.class,
				() -> new CountingCustomizer(customized)).run((context) -> {
					String body = context.getBean(RestClient.Builder.class)
						.build()
						.get()
						.uri(this.server.uri("/"))
						.retrieve()
						.body(String.class);
					assertThat(body).isEqualTo("ok");
					assertThat(customized.get()).isPositive();
					assertThat(context.getBean(InternalHttpClient.class).destinations()).hasSize(1);
				});
	}

	@Test
	void whenABuilderCustomizerIsForAnotherBuilderThenAWarningNamesIt(CapturedOutput output) {
		this.contextRunner
			.withBean(ClientHttpRequestFactoryBuilderCustomizer.class, JettyBuilderCustomizer::new)
			.run((context) -> {
				assertThat(context.getBean(RestClient.Builder.class).build()).isNotNull();
				assertThat(output).contains("ClientHttpRequestFactoryBuilderCustomizer "
						+ JettyBuilderCustomizer.class.getName() + " customizes JettyClientHttpRequestFactoryBuilder");
			});
	}

	@Test
	void whenCookieHandlingIsEnabledOnSpringBoot41ThenStartupFailsSayingWhy() {
		assumeThat(cookieHandlingSupported()).as("Spring Boot 4.1 or later").isTrue();
		this.contextRunner.withPropertyValues("spring.http.clients.cookie-handling=enable")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("spring.http.clients.cookie-handling=enable")
				.hasMessageContaining("never store cookies"));
	}

	@Test
	void whenCookieHandlingIsDisabledOnSpringBoot41ThenTheStarterRuns() {
		assumeThat(cookieHandlingSupported()).as("Spring Boot 4.1 or later").isTrue();
		this.contextRunner.withPropertyValues("spring.http.clients.cookie-handling=disable")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(InternalHttpClient.class));
	}

	@Test
	void whenAnInetAddressFilterBeanRejectsTheBackendOnSpringBoot41ThenNoConnectionIsOpened() throws Exception {
		assumeThat(inetAddressFilterType()).as("Spring Boot 4.1 or later").isNotNull();
		this.server = TestServer.clearText(256);
		Object none = inetAddressFilterType().getMethod("none").invoke(null);
		this.contextRunner.withBean(inetAddressFilterType(), () -> none).run((context) -> {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> restClient.get().uri(this.server.uri("/")).retrieve().body(String.class))
				.withRootCauseInstanceOf(UnknownHostException.class)
				.withStackTraceContaining("is allowed by the application's InetAddressFilter");
			assertThat(this.server.connectionsAccepted()).isZero();
		});
	}

	@Test
	void whenAnInetAddressFilterBeanAllowsTheBackendOnSpringBoot41ThenCallsGoThrough() throws Exception {
		assumeThat(inetAddressFilterType()).as("Spring Boot 4.1 or later").isNotNull();
		this.server = TestServer.clearText(256);
		Object all = inetAddressFilterType().getMethod("all").invoke(null);
		this.contextRunner.withBean(inetAddressFilterType(), () -> all)
			.run((context) -> assertThat(context.getBean(RestClient.Builder.class)
				.build()
				.get()
				.uri(this.server.uri("/"))
				.retrieve()
				.body(String.class)).isEqualTo("ok"));
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Class<Object> inetAddressFilterType() {
		try {
			return (Class<Object>) Class.forName("org.springframework.boot.http.client.InetAddressFilter");
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	private static boolean cookieHandlingSupported() {
		try {
			HttpClientSettings.class.getMethod("cookieHandling");
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	private static String[] bundle(String name) {
		String prefix = "spring.ssl.bundle.jks." + name + ".truststore.";
		return new String[] { prefix + "location=classpath:tls/trust.p12", prefix + "password=changeit",
				prefix + "type=PKCS12" };
	}

	static final class CountingCustomizer
			implements ClientHttpRequestFactoryBuilderCustomizer<ClientHttpRequestFactoryBuilder<?>> {

		private final AtomicInteger customized;

		CountingCustomizer(AtomicInteger customized) {
			this.customized = customized;
		}

		@Override
		@SuppressWarnings("unchecked")
		public ClientHttpRequestFactoryBuilder<?> customize(ClientHttpRequestFactoryBuilder<?> builder) {
			return ((ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory>) builder)
				.withCustomizer((factory) -> this.customized.incrementAndGet());
		}

	}

	static final class JettyBuilderCustomizer
			implements ClientHttpRequestFactoryBuilderCustomizer<JettyClientHttpRequestFactoryBuilder> {

		@Override
		public JettyClientHttpRequestFactoryBuilder customize(JettyClientHttpRequestFactoryBuilder builder) {
			return builder.withHttpClientCustomizer((httpClient) -> httpClient.setFollowRedirects(false));
		}

	}

}
