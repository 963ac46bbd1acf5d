package io.github.internalhttp.autoconfigure;

import java.time.Duration;

import io.github.internalhttp.client.InternalClientHttpRequestFactory;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import io.github.internalhttp.client.ProtocolMode;
import io.github.internalhttp.testsupport.TestServer;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalHttpClientAutoConfiguration}.
 */
class InternalHttpClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, SslAutoConfiguration.class));

	@Test
	void whenStarterIsPresentThenStartedClientRestClientAndSharedBuilderAreConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(InternalHttpClient.class)
				.hasSingleBean(RestClient.class)
				.hasSingleBean(SharedClientHttpRequestFactoryBuilder.class);
			assertThat(context.getBean(InternalHttpClient.class).isRunning()).isTrue();
			assertThat(context.getBean(ClientHttpRequestFactory.class))
				.isInstanceOf(InternalClientHttpRequestFactory.class);
		});
	}

	@Test
	void whenNoPropertyIsSetThenDefaultsApply() {
		this.contextRunner.run((context) -> {
			InternalHttpClientSettings settings = context.getBean(InternalHttpClient.class).getSettings();
			assertThat(settings.protocol()).isEqualTo(ProtocolMode.AUTO);
			assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.pool().maxConnectionsPerDestination()).isEqualTo(64);
			assertThat(settings.pool().maxQueuedRequestsPerDestination()).isEqualTo(1024);
			assertThat(settings.http2().maxConcurrentStreams()).isNull();
			assertThat(settings.http2().initialStreamWindow()).isEqualTo(8 * 1024 * 1024);
			assertThat(settings.http2().initialSessionWindow()).isEqualTo(16 * 1024 * 1024);
			assertThat(settings.maxResponseHeadersSize()).isEqualTo(16 * 1024);
			assertThat(settings.sslBundle()).isNull();
		});
	}

	@Test
	void whenPropertiesAreSetThenTheyAreBound() {
		this.contextRunner
			.withPropertyValues("internal.http.client.protocol=h2c", "internal.http.client.connect-timeout=2s",
					"internal.http.client.idle-timeout=90s", "internal.http.client.response-timeout=3s",
					"internal.http.client.max-response-headers-size=32KB",
					"internal.http.client.pool.max-connections-per-destination=8",
					"internal.http.client.pool.max-queued-requests-per-destination=100",
					"internal.http.client.http2.max-concurrent-streams=50",
					"internal.http.client.http2.initial-stream-window=1MB",
					"internal.http.client.http2.initial-session-window=2MB")
			.run((context) -> {
				InternalHttpClientSettings settings = context.getBean(InternalHttpClient.class).getSettings();
				assertThat(settings.protocol()).isEqualTo(ProtocolMode.H2C);
				assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
				assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.maxResponseHeadersSize()).isEqualTo(32 * 1024);
				assertThat(settings.pool().maxConnectionsPerDestination()).isEqualTo(8);
				assertThat(settings.pool().maxQueuedRequestsPerDestination()).isEqualTo(100);
				assertThat(settings.http2().maxConcurrentStreams()).isEqualTo(50);
				assertThat(settings.http2().initialStreamWindow()).isEqualTo(1024 * 1024);
				assertThat(settings.http2().initialSessionWindow()).isEqualTo(2 * 1024 * 1024);
				assertThat(((InternalClientHttpRequestFactory) context.getBean(ClientHttpRequestFactory.class)).getResponseTimeout())
					.isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void whenOnlySpringHttpClientsTimeoutsAreSetThenTheSharedClientUsesThem() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.connect-timeout=7s", "spring.http.clients.read-timeout=20s")
			.run((context) -> {
				assertThat(context.getBean(InternalHttpClient.class).getSettings().connectTimeout())
					.isEqualTo(Duration.ofSeconds(7));
				assertThat(((InternalClientHttpRequestFactory) context.getBean(ClientHttpRequestFactory.class)).getResponseTimeout())
					.isEqualTo(Duration.ofSeconds(20));
			});
	}

	@Test
	void whenBothTimeoutPropertiesAreSetThenOursWin() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.connect-timeout=7s", "spring.http.clients.read-timeout=20s",
					"internal.http.client.connect-timeout=1s", "internal.http.client.response-timeout=2s")
			.run((context) -> {
				assertThat(context.getBean(InternalHttpClient.class).getSettings().connectTimeout())
					.isEqualTo(Duration.ofSeconds(1));
				assertThat(((InternalClientHttpRequestFactory) context.getBean(ClientHttpRequestFactory.class)).getResponseTimeout())
					.isEqualTo(Duration.ofSeconds(2));
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"internal.http.client.pool.max-connections-per-destination=0|internal.http.client.pool.max-connections-per-destination|must be at least 1",
			"internal.http.client.pool.max-queued-requests-per-destination=-1|internal.http.client.pool.max-queued-requests-per-destination|must be at least 0",
			"internal.http.client.connect-timeout=-1s|internal.http.client.connect-timeout|must be a positive duration",
			"internal.http.client.idle-timeout=0s|internal.http.client.idle-timeout|must be a positive duration",
			"internal.http.client.response-timeout=0ms|internal.http.client.response-timeout|must be a positive duration",
			"internal.http.client.http2.max-concurrent-streams=0|internal.http.client.http2.max-concurrent-streams|must be at least 1",
			"internal.http.client.http2.initial-stream-window=1KB|internal.http.client.http2.initial-stream-window|must be between 65535",
			"internal.http.client.max-response-headers-size=10B|internal.http.client.max-response-headers-size|must be between 1024",
			"internal.http.client.protocol=h3|internal.http.client.protocol|h3" })
	void whenPropertyIsInvalidThenStartupFailsNamingThePropertyAndWhatIsAllowed(String property, String name,
			String allowed) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().satisfiesAnyOf(
					(cause) -> assertThat(cause).hasMessageContaining(allowed),
					(cause) -> assertThat(cause).hasMessageContaining("No enum constant"));
			assertThat(messages(context.getStartupFailure())).contains(name).contains(allowed);
		});
	}

	@Test
	void whenUserDefinesAnInternalHttpClientThenItIsUsed() {
		this.contextRunner.withUserConfiguration(UserClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(InternalHttpClient.class);
			InternalHttpClient client = context.getBean(InternalHttpClient.class);
			assertThat(client.getSettings().pool().maxConnectionsPerDestination()).isEqualTo(3);
			assertThat(((InternalClientHttpRequestFactory) context.getBean(ClientHttpRequestFactory.class))
				.getClient()).isSameAs(client);
		});
	}

	@Test
	void whenUserDefinesARequestFactoryBuilderThenItWins() {
		this.contextRunner.withUserConfiguration(UserBuilderConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(SharedClientHttpRequestFactoryBuilder.class);
			assertThat(context.getBean(ClientHttpRequestFactory.class))
				.isInstanceOf(SimpleClientHttpRequestFactory.class);
		});
	}

	@Test
	void whenUserDefinesARestClientThenOursBacksOff() {
		this.contextRunner.withBean("userRestClient", RestClient.class, RestClient::create)
			.run((context) -> assertThat(context).hasSingleBean(RestClient.class).hasBean("userRestClient"));
	}

	@Test
	void whenJettyHttp2ClientIsMissingThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HTTP2Client.class))
			.run((context) -> assertThat(context).doesNotHaveBean(InternalHttpClient.class)
				.doesNotHaveBean(SharedClientHttpRequestFactoryBuilder.class));
	}

	@Test
	void whenRestClientAutoConfigurationIsAbsentThenRestClientStillUsesTheSharedPool() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(RestClient.class);
				try (TestServer server = TestServer.clearText(100)) {
					RestClient restClient = context.getBean(RestClient.class);
					assertThat(restClient.get().uri(server.uri("/")).retrieve().body(String.class)).isEqualTo("ok");
					assertThat(context.getBean(InternalHttpClient.class).destinations()).hasSize(1);
				}
			});
	}

	@Test
	void whenContextClosesThenClientIsStopped() {
		InternalHttpClient[] client = new InternalHttpClient[1];
		this.contextRunner.run((context) -> client[0] = context.getBean(InternalHttpClient.class));
		assertThat(client[0].isRunning()).isFalse();
	}

	@Test
	void whenSslBundleIsNamedThenSharedClientTrustsItAndNegotiatesH2() {
		try (TestServer server = TestServer.tls(true, 100)) {
			this.contextRunner
				.withPropertyValues("spring.ssl.bundle.jks.internal.truststore.location=classpath:tls/trust.p12",
						"spring.ssl.bundle.jks.internal.truststore.password=changeit",
						"spring.ssl.bundle.jks.internal.truststore.type=PKCS12",
						"internal.http.client.ssl.bundle=internal")
				.run((context) -> {
					RestClient restClient = context.getBean(RestClient.class);
					assertThat(restClient.get()
						.uri(server.uri("/"))
						.retrieve()
						.toEntity(String.class)
						.getHeaders()
						.getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/2.0");
				});
		}
	}

	@Test
	void whenSslBundleIsNamedButNotConfiguredThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("internal.http.client.ssl.bundle=missing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies((failure) -> assertThat(messages(failure)).contains("missing")));
	}

	@Test
	void whenBuilderIsGivenAnSslBundleThenItGetsTheSharedClientForThatBundleStoppedWithTheContext() {
		InternalHttpClient[] bundleClient = new InternalHttpClient[1];
		this.contextRunner.run((context) -> {
			ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
			org.springframework.boot.ssl.SslBundle bundle = org.springframework.boot.ssl.SslBundle.of(null);
			ClientHttpRequestFactory first = builder.build(HttpClientSettings.ofSslBundle(bundle));
			ClientHttpRequestFactory second = builder.build(HttpClientSettings.ofSslBundle(bundle));
			assertThat(first).isInstanceOf(InternalClientHttpRequestFactory.class);
			bundleClient[0] = ((InternalClientHttpRequestFactory) first).getClient();
			assertThat(((InternalClientHttpRequestFactory) second).getClient()).isSameAs(bundleClient[0]);
			assertThat(bundleClient[0]).isNotSameAs(context.getBean(InternalHttpClient.class));
			assertThat(bundleClient[0].getSettings().sslBundle()).isSameAs(bundle);
			assertThat(context.getBean(SharedHttpClients.class).clients()).containsOnlyKeys("default", "bundle-1");
		});
		assertThat(bundleClient[0].isRunning()).isFalse();
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean
		InternalHttpClient userInternalHttpClient() {
			return new InternalHttpClient(InternalHttpClientSettings.defaults().withPool((pool) -> pool.withMaxConnectionsPerDestination(3)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBuilderConfiguration {

		@Bean
		ClientHttpRequestFactoryBuilder<?> userBuilder() {
			return ClientHttpRequestFactoryBuilder.simple();
		}

	}

}
