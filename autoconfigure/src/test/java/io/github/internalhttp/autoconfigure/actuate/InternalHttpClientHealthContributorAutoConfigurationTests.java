package io.github.internalhttp.autoconfigure.actuate;

import java.net.URI;

import io.github.internalhttp.actuate.InternalHttpClientHealthIndicator;
import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.testsupport.TestServer;
import io.github.internalhttp.testsupport.Traffic;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalHttpClientHealthContributorAutoConfiguration}.
 */
class InternalHttpClientHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				InternalHttpClientHealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class));

	@Test
	void whenHealthIsAvailableThenTheClientContributesAsInternalHttp() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(InternalHttpClientHealthIndicator.class)
				.hasBean("internalHttpHealthIndicator");
			assertThat(context.getBean(HealthContributorRegistry.class).getContributor("internalHttp"))
				.isSameAs(context.getBean(InternalHttpClientHealthIndicator.class));
			assertThat(context.getBean(InternalHttpClientHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
		});
	}

	@Test
	void whenTheIndicatorIsDisabledThenThereIsNone() {
		this.runner.withPropertyValues("management.health.internalhttp.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(InternalHttpClientHealthIndicator.class));
	}

	@Test
	void whenTheIndicatorIsDisabledByItsContributorNameThenThereIsNone() {
		this.runner.withPropertyValues("management.health.internalHttp.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(InternalHttpClientHealthIndicator.class));
	}

	@Test
	void whenIndicatorsAreDisabledByDefaultThenThereIsNone() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(InternalHttpClientHealthIndicator.class));
	}

	@Test
	void whenSpringBootHealthIsAbsentThenThereIsNoIndicator() {
		this.runner.withClassLoader(new FilteredClassLoader(Health.class)).run((context) -> {
			assertThat(context).hasSingleBean(InternalHttpClient.class);
			assertThat(context).doesNotHaveBean(InternalHttpClientHealthIndicator.class);
		});
	}

	@Test
	void whenADestinationFailsThenTheClientStaysUpUnlessTheUserOptedIn() {
		URI unreachable = URI.create("http://127.0.0.1:" + TestServer.closedPort() + "/");
		this.runner.run((context) -> {
			Traffic.fail(context.getBean(InternalHttpClient.class), unreachable);
			assertThat(context.getBean(InternalHttpClientHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
		});
		this.runner.withPropertyValues("internal.http.client.health.down-when-destination-unhealthy=true")
			.run((context) -> {
				Traffic.fail(context.getBean(InternalHttpClient.class), unreachable);
				assertThat(context.getBean(InternalHttpClientHealthIndicator.class).health().getStatus())
					.isEqualTo(Status.DOWN);
			});
	}

	@Test
	void whenTheSaturationThresholdIsAboveOneThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("internal.http.client.health.saturation-threshold=1.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("health.saturationThreshold"));
	}

	@Test
	void whenTheFailureWindowIsZeroThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("internal.http.client.health.failure-window=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("health.failureWindow"));
	}

}
