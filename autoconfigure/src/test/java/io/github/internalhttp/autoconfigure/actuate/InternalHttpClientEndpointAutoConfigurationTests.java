package io.github.internalhttp.autoconfigure.actuate;

import io.github.internalhttp.actuate.InternalHttpClientEndpoint;
import io.github.internalhttp.autoconfigure.InternalHttpClientAutoConfiguration;
import io.github.internalhttp.client.InternalHttpClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalHttpClientEndpointAutoConfiguration}.
 */
class InternalHttpClientEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				InternalHttpClientEndpointAutoConfiguration.class));

	@Test
	void whenTheEndpointIsNotExposedThenThereIsNone() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(InternalHttpClient.class);
			assertThat(context).doesNotHaveBean(InternalHttpClientEndpoint.class);
		});
	}

	@Test
	void whenTheEndpointIsExposedOverHttpThenItIsAvailable() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,internalhttp")
			.run((context) -> assertThat(context).hasSingleBean(InternalHttpClientEndpoint.class));
	}

	@Test
	void whenTheEndpointIsExposedButItsAccessIsNoneThenThereIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=internalhttp",
					"management.endpoint.internalhttp.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(InternalHttpClientEndpoint.class));
	}

	@Test
	void whenTheActuatorIsAbsentThenThereIsNoEndpoint() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=internalhttp")
			.run((context) -> {
				assertThat(context).hasSingleBean(InternalHttpClient.class);
				assertThat(context).doesNotHaveBean(InternalHttpClientEndpoint.class);
			});
	}

}
