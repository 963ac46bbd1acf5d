package io.github.internalhttp.autoconfigure.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.autoconfigure.SharedHttpClients;
import io.github.internalhttp.client.InternalClientHttpConnector;
import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalHttpClientReactiveAutoConfiguration}, with Reactor Netty on the
 * classpath as {@code spring-boot-starter-webclient} brings it.
 */
@ExtendWith(OutputCaptureExtension.class)
class InternalHttpClientReactiveAutoConfigurationTests {

	private static final TestServer server = TestServer.clearText(256);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				InternalHttpClientReactiveAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, WebClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("internal.http.client.protocol=h2c");

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void whenReactorNettyIsPresentTooThenEveryWebClientBuilderUsesTheSharedPool() {
		this.contextRunner.run((context) -> {
			assertThat(context).getBean(ClientHttpConnector.class).isInstanceOf(InternalClientHttpConnector.class);
			WebClient webClient = context.getBean(WebClient.Builder.class).build();
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			int acceptedBefore = server.connectionsAccepted();
			AtomicInteger calls = new AtomicInteger();
			List<Burst.Outcome<String>> outcomes = Burst.run(100, () -> (calls.getAndIncrement() % 2 == 0)
					? webClient.get().uri(server.uri("/?delayMs=50")).retrieve().bodyToMono(String.class)
						.block(Duration.ofSeconds(30))
					: restClient.get().uri(server.uri("/?delayMs=50")).retrieve().body(String.class));
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo("ok"));
			assertThat(server.connectionsAccepted() - acceptedBefore).isEqualTo(1);
		});
	}

	@Test
	void whenSpringHttpClientsSslBundleIsSetThenWebClientAndRestClientShareOneH2Connection() {
		try (TestServer tls = TestServer.tls(true, 256)) {
			String bundle = "spring.ssl.bundle.jks.internal.truststore.";
			this.contextRunner
				.withPropertyValues(bundle + "location=classpath:tls/trust.p12", bundle + "password=changeit",
						bundle + "type=PKCS12", "spring.http.clients.ssl.bundle=internal")
				.run((context) -> {
					WebClient webClient = context.getBean(WebClient.Builder.class).build();
					RestClient restClient = context.getBean(RestClient.Builder.class).build();
					AtomicInteger calls = new AtomicInteger();
					List<Burst.Outcome<String>> outcomes = Burst.run(100, () -> (calls.getAndIncrement() % 2 == 0)
							? webClient.get().uri(tls.uri("/?delayMs=100")).retrieve().bodyToMono(String.class)
								.block(Duration.ofSeconds(30))
							: restClient.get().uri(tls.uri("/?delayMs=100")).retrieve().body(String.class));
					assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo("ok"));
					assertThat(tls.connectionsAccepted()).isEqualTo(1);
					assertThat(context.getBean(SharedHttpClients.class).clients()).containsOnlyKeys("default");
				});
		}
	}

	@Test
	void whenAReactiveBuilderHasAnSslBundleOfItsOwnThenItGetsTheBundlesSharedClient() {
		this.contextRunner.run((context) -> {
			ClientHttpConnectorBuilder<?> builder = context.getBean(ClientHttpConnectorBuilder.class);
			SslBundle bundle = SslBundle.of(null);
			ClientHttpConnector connector = builder.build(HttpClientSettings.ofSslBundle(bundle));
			assertThat(connector).isInstanceOf(InternalClientHttpConnector.class)
				.isSameAs(builder.build(HttpClientSettings.ofSslBundle(bundle)))
				.isNotSameAs(context.getBean(ClientHttpConnector.class));
			assertThat(context.getBean(SharedHttpClients.class).clients()).containsOnlyKeys("default", "bundle-1");
		});
	}

	@Test
	void whenAConnectorBuilderCustomizerIsForReactorNettysBuilderThenAWarningNamesIt(CapturedOutput output) {
		this.contextRunner.withBean(ClientHttpConnectorBuilderCustomizer.class, ReactorBuilderCustomizer::new)
			.run((context) -> {
				assertThat(context).getBean(ClientHttpConnector.class).isInstanceOf(InternalClientHttpConnector.class);
				assertThat(output).contains("ClientHttpConnectorBuilderCustomizer "
						+ ReactorBuilderCustomizer.class.getName() + " customizes ReactorClientHttpConnectorBuilder");
			});
	}

	static final class ReactorBuilderCustomizer
			implements ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> {

		@Override
		public ReactorClientHttpConnectorBuilder customize(ReactorClientHttpConnectorBuilder builder) {
			return builder;
		}

	}

	@Test
	void whenAnotherReactiveConnectorIsChosenThenTheStarterBacksOff() {
		this.contextRunner.withPropertyValues("spring.http.clients.reactive.connector=reactor").run((context) -> {
			assertThat(context).doesNotHaveBean(SharedClientHttpConnectorBuilder.class);
			assertThat(context).getBean(ClientHttpConnector.class).isInstanceOf(ReactorClientHttpConnector.class);
		});
	}

	@Test
	void whenTheApplicationDefinesAConnectorThenItIsUsed() {
		this.contextRunner
			.withBean("userConnector", ClientHttpConnector.class, ReactorClientHttpConnector::new)
			.run((context) -> assertThat(context).getBean(ClientHttpConnector.class)
				.isInstanceOf(ReactorClientHttpConnector.class));
	}

}
