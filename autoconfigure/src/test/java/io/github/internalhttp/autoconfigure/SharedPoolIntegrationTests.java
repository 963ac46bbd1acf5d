package io.github.internalhttp.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.TestServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of the auto-configured client in a real Spring context against a
 * real h2c server: every {@code RestClient} of the application shares one pool.
 */
class SharedPoolIntegrationTests {

	private final TestServer server = TestServer.clearText(512);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("internal.http.client.protocol=h2c");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void whenRestClientBeanAndTwoInjectedBuildersCallTogetherThenOneConnectionCarriesEveryCall() {
		this.contextRunner.run((context) -> {
			List<RestClient> clients = List.of(context.getBean(RestClient.class),
					context.getBean(RestClient.Builder.class).build(),
					context.getBean(RestClient.Builder.class).baseUrl(this.server.uri("").toString()).build());
			AtomicInteger next = new AtomicInteger();
			List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(300, () -> clients
				.get(next.getAndIncrement() % clients.size())
				.get()
				.uri(this.server.uri("/?delayMs=300"))
				.retrieve()
				.toEntity(String.class));
			assertThat(outcomes).allMatch(Burst.Outcome::succeeded);
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(
					outcome.value().getHeaders().getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/2.0"));
			assertThat(this.server.connectionsAccepted()).isEqualTo(1);
			assertThat(context.getBean(InternalHttpClient.class).destinations()).singleElement()
				.satisfies((destination) -> assertThat(destination.connectionsOpened()).isEqualTo(1));
		});
	}

	@Test
	void whenRestClientCustomizerIsDefinedThenEveryBuilderOnTheSharedPoolAppliesIt() {
		this.contextRunner
			.withBean(RestClientCustomizer.class,
					() -> (builder) -> builder.defaultHeader(TestServer.TEST_HEADER, "customized"))
			.run((context) -> {
				ResponseEntity<String> fromBean = context.getBean(RestClient.class)
					.get()
					.uri(this.server.uri("/"))
					.retrieve()
					.toEntity(String.class);
				ResponseEntity<String> fromBuilder = context.getBean(RestClient.Builder.class)
					.build()
					.get()
					.uri(this.server.uri("/"))
					.retrieve()
					.toEntity(String.class);
				assertThat(fromBean.getHeaders().getFirst(TestServer.ECHO_HEADER)).isEqualTo("customized");
				assertThat(fromBuilder.getHeaders().getFirst(TestServer.ECHO_HEADER)).isEqualTo("customized");
				assertThat(this.server.connectionsAccepted()).isEqualTo(1);
			});
	}

	private static int status(ClientRequestObservationContext context) {
		try {
			return context.getResponse().getStatusCode().value();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void whenObservationRegistryExistsThenHttpClientRequestsObservationsAreRecorded() {
		List<String> observed = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<ClientRequestObservationContext>() {

			@Override
			public void onStop(ClientRequestObservationContext context) {
				observed.add(context.getName() + " " + context.getCarrier().getURI().getPath() + " "
						+ status(context));
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof ClientRequestObservationContext;
			}

		});
		this.contextRunner.withConfiguration(AutoConfigurations.of(RestClientObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> registry)
			.run((context) -> {
				context.getBean(RestClient.class).get().uri(this.server.uri("/observed")).retrieve().toBodilessEntity();
				assertThat(observed).containsExactly("http.client.requests /observed 200");
			});
	}

}
