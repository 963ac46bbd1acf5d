package io.github.internalhttp.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.internalhttp.actuate.InternalHttpClientEndpoint;
import io.github.internalhttp.autoconfigure.actuate.InternalHttpClientEndpointAutoConfiguration;
import io.github.internalhttp.autoconfigure.actuate.InternalHttpClientHealthContributorAutoConfiguration;
import io.github.internalhttp.autoconfigure.metrics.InternalHttpClientMetricsAutoConfiguration;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.metrics.InternalHttpClientMetrics;
import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every Spring HTTP client of an application on the shared clients, whatever Spring Boot
 * settings it uses: an SSL bundle, HTTP service groups with settings of their own,
 * {@code RestTemplateBuilder}; each against real servers on loopback, connections counted
 * by the servers.
 */
class SharedClientsIntegrationTests {

	private final List<TestServer> servers = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class, SslAutoConfiguration.class,
				HttpServiceClientPropertiesAutoConfiguration.class, HttpServiceClientAutoConfiguration.class));

	@AfterEach
	void stopServers() {
		this.servers.forEach(TestServer::close);
	}

	private TestServer server(TestServer server) {
		this.servers.add(server);
		return server;
	}

	private static String[] trustingBundle(String name) {
		String prefix = "spring.ssl.bundle.jks." + name + ".truststore.";
		return new String[] { prefix + "location=classpath:tls/trust.p12", prefix + "password=changeit",
				prefix + "type=PKCS12" };
	}

	@Test
	void whenSpringHttpClientsSslBundleIsSetThenBuildersGetH2OverOneConnectionAndNoThreadOutlivesTheContext() {
		TestServer server = server(TestServer.tls(true, 256));
		Set<Thread> before = clientThreads();
		this.contextRunner.withPropertyValues(trustingBundle("internal"))
			.withPropertyValues("spring.http.clients.ssl.bundle=internal")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(200,
						() -> restClient.get().uri(server.uri("/?delayMs=300")).retrieve().toEntity(String.class));
				assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
				assertThat(outcomes).allSatisfy((outcome) -> assertThat(
						outcome.value().getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/2.0"));
				assertThat(server.connectionsAccepted()).isEqualTo(1);
				assertThat(context.getBean(SharedHttpClients.class).clients()).containsOnlyKeys("default");
			});
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(clientThreads()).isSubsetOf(before));
	}

	@Test
	void whenThreeServiceGroupsCallThreeServersThenEachServerCountsOneConnection() {
		TestServer alpha = server(TestServer.clearText("127.0.0.1", 256));
		TestServer beta = server(TestServer.clearText("127.0.0.2", 256));
		TestServer gamma = server(TestServer.clearText("127.0.0.3", 256));
		this.contextRunner.withUserConfiguration(ThreeGroups.class)
			.withPropertyValues("internal.http.client.protocol=h2c",
					"spring.http.serviceclient.alpha.base-url=" + alpha.uri(""),
					"spring.http.serviceclient.beta.base-url=" + beta.uri(""),
					"spring.http.serviceclient.gamma.base-url=" + gamma.uri(""))
			.run((context) -> {
				List<EchoApi> apis = List.of(context.getBean(AlphaApi.class), context.getBean(BetaApi.class),
						context.getBean(GammaApi.class));
				AtomicInteger next = new AtomicInteger();
				List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst
					.run(150, () -> apis.get(next.getAndIncrement() % 3).delayed(200));
				assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
				assertThat(List.of(alpha, beta, gamma)).allSatisfy((server) -> {
					assertThat(server.connectionsAccepted()).isEqualTo(1);
					assertThat(server.requests()).isEqualTo(50);
				});
				assertThat(context.getBean(InternalHttpClient.class).destinations()).hasSize(3);
			});
	}

	@Test
	void whenAGroupConfigurerCustomizesOneGroupThenItsRequestsStayOnTheSharedPool() {
		TestServer server = server(TestServer.clearText(256));
		this.contextRunner.withUserConfiguration(ThreeGroups.class)
			.withBean(RestClientHttpServiceGroupConfigurer.class,
					() -> (groups) -> groups.filterByName("beta")
						.forEachClient((group, builder) -> builder.baseUrl(server.uri("").toString())
							.defaultHeader(TestServer.TEST_HEADER, "beta")))
			.withPropertyValues("internal.http.client.protocol=h2c",
					"spring.http.serviceclient.alpha.base-url=" + server.uri(""))
			.run((context) -> {
				assertThat(context.getBean(AlphaApi.class).delayed(0).getHeaders().getFirst(TestServer.ECHO_HEADER))
					.isNull();
				assertThat(context.getBean(BetaApi.class).delayed(0).getHeaders().getFirst(TestServer.ECHO_HEADER))
					.isEqualTo("beta");
				assertThat(server.connectionsAccepted()).isEqualTo(1);
				assertThat(context.getBean(InternalHttpClient.class).destinations()).singleElement()
					.satisfies((destination) -> assertThat(destination.connectionsOpened()).isEqualTo(1));
			});
	}

	@Test
	void whenAServiceGroupSetsAReadTimeoutThenItBeatsTheStartersResponseTimeout() {
		TestServer alpha = server(TestServer.clearText(256));
		this.contextRunner.withUserConfiguration(ThreeGroups.class)
			.withPropertyValues("internal.http.client.protocol=h2c", "internal.http.client.response-timeout=5s",
					"spring.http.serviceclient.alpha.base-url=" + alpha.uri(""),
					"spring.http.serviceclient.beta.base-url=" + alpha.uri(""),
					"spring.http.serviceclient.beta.read-timeout=200ms")
			.run((context) -> {
				assertThat(context.getBean(AlphaApi.class).delayed(1000).getBody()).isEqualTo("ok");
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> context.getBean(BetaApi.class).delayed(1000));
				// One pool: the group's timeout is per request, not a client of its own.
				assertThat(alpha.connectionsAccepted()).isEqualTo(1);
			});
	}

	@Test
	void whenAServiceGroupDoesNotFollowRedirectsThenItGetsTheRedirectAndTheOthersFollowIt() {
		TestServer alpha = server(TestServer.clearText(256));
		this.contextRunner.withUserConfiguration(ThreeGroups.class)
			.withPropertyValues("internal.http.client.protocol=h2c",
					"spring.http.serviceclient.alpha.base-url=" + alpha.uri(""),
					"spring.http.serviceclient.gamma.base-url=" + alpha.uri(""),
					"spring.http.serviceclient.gamma.redirects=dont-follow")
			.run((context) -> {
				ResponseEntity<String> followed = context.getBean(AlphaApi.class).redirect();
				assertThat(followed.getStatusCode().value()).isEqualTo(200);
				assertThat(followed.getBody()).isEqualTo("ok");
				assertThat(context.getBean(GammaApi.class).redirect().getStatusCode().value()).isEqualTo(302);
			});
	}

	@Test
	void whenAServiceGroupSetsAConnectTimeoutThenItGetsASharedClientWithThatTimeout() {
		TestServer alpha = server(TestServer.clearText(256));
		this.contextRunner.withUserConfiguration(ThreeGroups.class)
			.withPropertyValues("internal.http.client.protocol=h2c",
					"spring.http.serviceclient.alpha.base-url=" + alpha.uri(""),
					"spring.http.serviceclient.beta.base-url=" + alpha.uri(""),
					"spring.http.serviceclient.beta.connect-timeout=1500ms")
			.run((context) -> {
				context.getBean(AlphaApi.class).delayed(0);
				context.getBean(BetaApi.class).delayed(0);
				SharedHttpClients clients = context.getBean(SharedHttpClients.class);
				assertThat(clients.clients()).containsOnlyKeys("default", "default-connect-1500ms");
				assertThat(clients.clients().get("default-connect-1500ms").getSettings().connectTimeout())
					.isEqualTo(Duration.ofMillis(1500));
				assertThat(clients.defaultClient().getSettings().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
				// Two clients, two pools: one connection each.
				assertThat(alpha.connectionsAccepted()).isEqualTo(2);
			});
	}

	@Test
	void whenAServiceGroupHasAnSslBundleThenItGetsASharedClientNamedAfterItInTheEndpointHealthAndMetrics() {
		TestServer tls = server(TestServer.tls(true, 256));
		TestServer clear = server(TestServer.clearText(256));
		this.contextRunner.withUserConfiguration(ThreeGroups.class)
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					InternalHttpClientEndpointAutoConfiguration.class,
					InternalHttpClientHealthContributorAutoConfiguration.class, MetricsAutoConfiguration.class,
					InternalHttpClientMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues(trustingBundle("partner"))
			.withPropertyValues("management.endpoints.web.exposure.include=internalhttp",
					"internal.http.client.metrics.refresh-interval=100ms",
					"spring.http.serviceclient.alpha.base-url=" + clear.uri(""),
					"spring.http.serviceclient.beta.base-url=" + tls.uri(""),
					"spring.http.serviceclient.beta.ssl.bundle=partner")
			.run((context) -> {
				List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(50,
						() -> context.getBean(BetaApi.class).delayed(100));
				assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
				assertThat(outcomes).allSatisfy((outcome) -> assertThat(
						outcome.value().getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/2.0"));
				assertThat(tls.connectionsAccepted()).isEqualTo(1);
				context.getBean(AlphaApi.class).delayed(0);
				assertThat(context.getBean(SharedHttpClients.class).clients()).containsOnlyKeys("default", "partner");
				InternalHttpClientEndpoint.InternalHttpClientDescriptor endpoint = context
					.getBean(InternalHttpClientEndpoint.class)
					.internalHttpClient();
				assertThat(endpoint.destinations()).singleElement()
					.satisfies((destination) -> assertThat(destination.destination()).isEqualTo(clear.destination()));
				assertThat(endpoint.clients()).containsOnlyKeys("partner");
				assertThat(endpoint.clients().get("partner").destinations()).singleElement()
					.satisfies((destination) -> assertThat(destination.protocol()).isEqualTo("h2"));
				HealthIndicator health = context.getBean("internalHttpSharedClientsHealthIndicator",
						HealthIndicator.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				assertThat(health.health().getDetails()).extractingByKey("clients")
					.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsOnlyKeys("partner");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(registry.find(InternalHttpClientMetrics.CONNECTIONS_OPENED)
						.tag(InternalHttpClientMetrics.CLIENT_TAG, "partner")
						.functionCounter()).isNotNull());
				assertThat(registry.find(InternalHttpClientMetrics.CONNECTIONS_OPENED)
					.tag(InternalHttpClientMetrics.CLIENT_TAG, "partner")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.find(InternalHttpClientMetrics.CONNECTIONS_OPENED)
					.tag(InternalHttpClientMetrics.CLIENT_TAG, "default")
					.tag(InternalHttpClientMetrics.DESTINATION_TAG, clear.destination())
					.functionCounter()).isNotNull();
			});
	}

	@Test
	void whenTheInternalBundleIsSetThenItBeatsTheSpringHttpClientsBundleForTheDefaultClient() {
		TestServer tls = server(TestServer.tls(true, 256));
		this.contextRunner.withPropertyValues(trustingBundle("internal"))
			.withPropertyValues(trustingBundle("global"))
			.withPropertyValues("spring.http.clients.ssl.bundle=global", "internal.http.client.ssl.bundle=internal")
			.run((context) -> {
				ResponseEntity<String> response = context.getBean(RestClient.Builder.class)
					.build()
					.get()
					.uri(tls.uri("/"))
					.retrieve()
					.toEntity(String.class);
				assertThat(response.getBody()).isEqualTo("ok");
				assertThat(context.getBean(SharedHttpClients.class).clients()).containsOnlyKeys("default");
				assertThat(context.getBean(InternalHttpClient.class).getSettings().sslBundle())
					.isSameAs(context.getBean(SslBundles.class).getBundle("internal"));
			});
	}

	@Test
	void whenABundleIsReloadedThenItsSharedClientOpensNewConnectionsWithTheNewMaterial() {
		TestServer tls = server(TestServer.tls(true, 256));
		this.contextRunner.withPropertyValues(trustingBundle("internal"))
			.withPropertyValues("internal.http.client.ssl.bundle=internal")
			.run((context) -> {
				SslBundles bundles = context.getBean(SslBundles.class);
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				assertThat(restClient.get().uri(tls.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
				// Reloaded with material that does not trust the server: the next connection fails.
				((DefaultSslBundleRegistry) bundles).updateBundle("internal",
						org.springframework.boot.ssl.SslBundle.of(null));
				tls.dropConnections();
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> restClient.get().uri(tls.uri("/")).retrieve().body(String.class));
			});
	}

	@Test
	void whenRestTemplateBuilderBuildsThenItsRestTemplateSharesThePoolOfRestClient() {
		TestServer server = server(TestServer.clearText(512));
		this.contextRunner.withPropertyValues("internal.http.client.protocol=h2c").run((context) -> {
			RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class).build();
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			AtomicInteger next = new AtomicInteger();
			List<Burst.Outcome<String>> outcomes = Burst.run(100,
					() -> (next.getAndIncrement() % 2 == 0)
							? restTemplate.getForObject(server.uri("/?delayMs=200"), String.class)
							: restClient.get().uri(server.uri("/?delayMs=200")).retrieve().body(String.class));
			assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
			assertThat(server.connectionsAccepted()).isEqualTo(1);
			assertThat(server.requests()).isEqualTo(100);
		});
	}

	@Test
	void whenRestTemplateBuilderSetsAReadTimeoutThenItBeatsTheStartersResponseTimeout() {
		TestServer server = server(TestServer.clearText(512));
		this.contextRunner.withPropertyValues("internal.http.client.protocol=h2c",
				"internal.http.client.response-timeout=5s").run((context) -> {
					RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class)
						.readTimeout(Duration.ofMillis(200))
						.build();
					assertThatExceptionOfType(ResourceAccessException.class)
						.isThrownBy(() -> restTemplate.getForObject(server.uri("/?delayMs=1000"), String.class));
				});
	}

	@Test
	void whenACustomizerBeanIsDefinedThenEverySharedClientAppliesItBeforeItStarts() {
		TestServer tls = server(TestServer.tls(true, 256));
		TestServer clear = server(TestServer.clearText(256));
		List<Object> customized = new CopyOnWriteArrayList<>();
		AtomicInteger requests = new AtomicInteger();
		this.contextRunner.withUserConfiguration(ThreeGroups.class)
			.withBean(InternalHttpClientCustomizer.class, () -> (httpClient) -> {
				assertThat(httpClient.isStarted()).isFalse();
				customized.add(httpClient);
				httpClient.getRequestListeners().addListener(new Request.Listener() {

					@Override
					public void onBegin(Request request) {
						requests.incrementAndGet();
					}

				});
			})
			.withPropertyValues(trustingBundle("partner"))
			.withPropertyValues("spring.http.serviceclient.alpha.base-url=" + clear.uri(""),
					"spring.http.serviceclient.beta.base-url=" + tls.uri(""),
					"spring.http.serviceclient.beta.ssl.bundle=partner")
			.run((context) -> {
				context.getBean(AlphaApi.class).delayed(0);
				context.getBean(BetaApi.class).delayed(0);
				assertThat(customized).hasSize(2);
				assertThat(requests).hasValue(2);
			});
	}

	private static Set<Thread> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(InternalHttpClient.THREAD_NAME_PREFIX))
			.collect(Collectors.toSet());
	}

	interface EchoApi {

		@GetExchange("/")
		ResponseEntity<String> delayed(@RequestParam("delayMs") int delayMs);

		@GetExchange("/redirect")
		ResponseEntity<String> redirect();

	}

	interface AlphaApi extends EchoApi {

	}

	interface BetaApi extends EchoApi {

	}

	interface GammaApi extends EchoApi {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "alpha", types = AlphaApi.class)
	@ImportHttpServices(group = "beta", types = BetaApi.class)
	@ImportHttpServices(group = "gamma", types = GammaApi.class)
	static class ThreeGroups {

	}

}
