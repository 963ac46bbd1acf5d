package io.github.internalhttp.autoconfigure.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.observation.RedactingClientRequestObservationConvention;
import io.github.internalhttp.testsupport.TestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateObservationAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link RedactingObservationAutoConfiguration}: real calls through the
 * application's {@code RestClient} to a real server, with a URL and a header that carry
 * secrets, then every meter and observation read for them.
 */
class RedactingObservationAutoConfigurationTests {

	private static final String USER_SECRET = "us3r-secret";

	private static final String QUERY_SECRET = "qu3ry-secret";

	private static final String HEADER_SECRET = "h3ader-secret";

	private static final TestServer server = TestServer.clearText(100);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, SslAutoConfiguration.class, ObservationAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, RestClientObservationAutoConfiguration.class,
				RestTemplateAutoConfiguration.class, RestTemplateObservationAutoConfiguration.class,
				RedactingObservationAutoConfiguration.class))
		.withUserConfiguration(RecordedObservations.class);

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void whenAUrlCarriesSecretsThenNoMeterAndNoObservationRecordsThem() {
		this.contextRunner.run((context) -> {
			String body = restClient(context).get()
				.uri(secretUrl(server.port()))
				.header("Authorization", "Bearer " + HEADER_SECRET)
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("ok");
			assertThat(recorded(context)).contains("keyValue(http.url=http://127.0.0.1:" + server.port() + "/items)");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("http.client.requests").tag("uri", "/items").timer().count()).isOne();
			assertThat(recorded(context)).isNotEmpty().noneMatch(RedactingObservationAutoConfigurationTests::hasSecret);
			assertThat(meterIds(registry)).noneMatch(RedactingObservationAutoConfigurationTests::hasSecret);
		});
	}

	@Test
	void whenARestTemplateCallsAUrlWithSecretsThenNoMeterRecordsThem() {
		this.contextRunner.run((context) -> {
			String body = context.getBean(RestTemplateBuilder.class).build().getForObject(secretUrl(server.port()),
					String.class);
			assertThat(body).isEqualTo("ok");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("http.client.requests").tag("uri", "/items").timer().count()).isOne();
			assertThat(meterIds(registry)).noneMatch(RedactingObservationAutoConfigurationTests::hasSecret);
			assertThat(recorded(context)).isNotEmpty().noneMatch(RedactingObservationAutoConfigurationTests::hasSecret);
		});
	}

	@Test
	void whenACallWithSecretsFailsThenTheStartersMessagesAndTheMetersCarryNone() {
		this.contextRunner.run((context) -> {
			ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
					() -> restClient(context).get()
						.uri(secretUrl(TestServer.closedPort()))
						.header("Authorization", "Bearer " + HEADER_SECRET)
						.retrieve()
						.body(String.class));
			assertThat(failure).isNotNull();
			// Spring's own message keeps the URL's user info (HELP.md says so, and how to
			// avoid it); the starter's messages beneath it carry no secret.
			assertThat(failure.getMessage()).doesNotContain(QUERY_SECRET, HEADER_SECRET);
			for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
				assertThat(cause.getMessage()).doesNotContain(USER_SECRET, QUERY_SECRET, HEADER_SECRET);
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("http.client.requests").tag("uri", "/items").timer().count()).isOne();
			assertThat(meterIds(registry)).noneMatch(RedactingObservationAutoConfigurationTests::hasSecret);
			assertThat(recorded(context)).isNotEmpty().noneMatch(RedactingObservationAutoConfigurationTests::hasSecret);
		});
	}

	@Test
	void whenCredentialsGoInAHeaderInsteadOfTheUrlThenSpringsMessageCarriesNoneEither() {
		this.contextRunner.run((context) -> {
			String url = "http://127.0.0.1:" + TestServer.closedPort() + "/items";
			ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
					() -> restClient(context).get()
						.uri(url)
						.headers((headers) -> headers.setBasicAuth("user", USER_SECRET))
						.retrieve()
						.body(String.class));
			assertThat(failure).isNotNull();
			assertThat(failure.getMessage()).doesNotContain(USER_SECRET);
		});
	}

	@Test
	void whenRedactionIsSwitchedOffThenSpringsConventionRecordsTheQuery() {
		this.contextRunner.withPropertyValues("internal.http.client.observation.redact-uri=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RedactingClientRequestObservationConvention.class);
			restClient(context).get().uri(secretUrl(server.port())).retrieve().body(String.class);
			assertThat(meterIds(context.getBean(MeterRegistry.class))).anyMatch((id) -> id.contains(QUERY_SECRET));
		});
	}

	@Test
	void whenTheApplicationDefinesAConventionThenTheStarterBacksOff() {
		this.contextRunner.withUserConfiguration(OwnConvention.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientRequestObservationConvention.class);
			assertThat(context.getBean(ClientRequestObservationConvention.class))
				.isNotInstanceOf(RedactingClientRequestObservationConvention.class);
		});
	}

	@Test
	void whenTheObservationIsRenamedThenTheConventionKeepsTheName() {
		this.contextRunner.withPropertyValues("management.observations.http.client.requests.name=outgoing")
			.run((context) -> {
				restClient(context).get().uri(secretUrl(server.port())).retrieve().body(String.class);
				assertThat(context.getBean(MeterRegistry.class).get("outgoing").tag("uri", "/items").timer().count())
					.isOne();
			});
	}

	private static RestClient restClient(AssertableApplicationContext context) {
		return context.getBean(RestClient.Builder.class).build();
	}

	private static String secretUrl(int port) {
		return "http://user:" + USER_SECRET + "@127.0.0.1:" + port + "/items?token=" + QUERY_SECRET;
	}

	private static boolean hasSecret(String text) {
		return text.contains(USER_SECRET) || text.contains(QUERY_SECRET) || text.contains(HEADER_SECRET);
	}

	private static Stream<String> meterIds(MeterRegistry registry) {
		return registry.getMeters().stream().map(Meter::getId).map(Meter.Id::toString);
	}

	private static List<String> recorded(AssertableApplicationContext context) {
		return context.getBean(RecordedObservations.class).keyValues;
	}

	/**
	 * Records every key value of every client request observation, low and high
	 * cardinality, as tracing would export them.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RecordedObservations {

		final List<String> keyValues = new ArrayList<>();

		@Bean
		ObservationHandler<ClientRequestObservationContext> recordingHandler() {
			return new ObservationHandler<>() {

				@Override
				public void onStop(ClientRequestObservationContext context) {
					synchronized (RecordedObservations.this.keyValues) {
						context.getAllKeyValues()
							.forEach((keyValue) -> RecordedObservations.this.keyValues.add(keyValue.toString()));
						RecordedObservations.this.keyValues.add(String.valueOf(context.getContextualName()));
					}
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof ClientRequestObservationContext;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConvention {

		@Bean
		ClientRequestObservationConvention ownConvention() {
			return new DefaultClientRequestObservationConvention();
		}

	}

}
