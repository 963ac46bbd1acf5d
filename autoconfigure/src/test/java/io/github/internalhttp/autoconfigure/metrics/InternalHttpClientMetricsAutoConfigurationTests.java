package io.github.internalhttp.autoconfigure.metrics;

import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.metrics.InternalHttpClientMetrics;
import io.github.internalhttp.testsupport.TestServer;
import io.github.internalhttp.testsupport.Traffic;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalHttpClientMetricsAutoConfiguration}.
 */
class InternalHttpClientMetricsAutoConfigurationTests {

	private final ApplicationContextRunner withoutRegistry = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
					InternalHttpClientMetricsAutoConfiguration.class));

	private final ApplicationContextRunner runner = this.withoutRegistry
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	private TestServer server;

	@BeforeEach
	void startServer() {
		this.server = TestServer.clearText(10);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void whenAMeterRegistryExistsThenTheClientIsMeteredInIt() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(InternalHttpClientMetrics.class);
			Traffic.send(context.getBean(InternalHttpClient.class), this.server.uri("/"), 1);
			context.getBean(InternalHttpClientMetrics.class).refresh();
			assertThat(context.getBean(MeterRegistry.class)
				.get(InternalHttpClientMetrics.CONNECTIONS_OPENED)
				.tag("destination", this.server.destination())
				.functionCounter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void whenNoMeterRegistryExistsThenThereAreNoMetrics() {
		this.withoutRegistry.run((context) -> {
			assertThat(context).hasSingleBean(InternalHttpClient.class);
			assertThat(context).doesNotHaveBean(InternalHttpClientMetrics.class);
		});
	}

	@Test
	void whenMicrometerIsAbsentThenThereAreNoMetrics() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run((context) -> {
			assertThat(context).hasSingleBean(InternalHttpClient.class);
			assertThat(context).doesNotHaveBean(InternalHttpClientMetrics.class);
		});
	}

	@Test
	void whenNoDestinationMayHaveATagOfItsOwnThenTheyAreAggregatedUnderOther() {
		this.runner.withPropertyValues("internal.http.client.metrics.max-destinations=0").run((context) -> {
			Traffic.send(context.getBean(InternalHttpClient.class), this.server.uri("/"), 1);
			context.getBean(InternalHttpClientMetrics.class).refresh();
			assertThat(context.getBean(MeterRegistry.class).find(InternalHttpClientMetrics.CONNECTIONS_OPENED).meters())
				.extracting((meter) -> meter.getId().getTag("destination"))
				.containsExactly(InternalHttpClientMetrics.OTHER);
		});
	}

	@Test
	void whenTheContextClosesThenTheMetersAreRemoved() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Traffic.send(context.getBean(InternalHttpClient.class), this.server.uri("/"), 1);
			context.getBean(InternalHttpClientMetrics.class).refresh();
			assertThat(registry.find(InternalHttpClientMetrics.CONNECTIONS).meters()).hasSize(3);
			context.close();
			assertThat(registry.find(InternalHttpClientMetrics.CONNECTIONS).meters()).isEmpty();
		});
	}

	@Test
	void whenTheMaximumOfDestinationsIsNegativeThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("internal.http.client.metrics.max-destinations=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("metrics.maxDestinations"));
	}

	@Test
	void whenTheRefreshIntervalIsZeroThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("internal.http.client.metrics.refresh-interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("metrics.refreshInterval"));
	}

}
