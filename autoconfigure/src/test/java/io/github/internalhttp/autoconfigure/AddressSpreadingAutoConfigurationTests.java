package io.github.internalhttp.autoconfigure;

import java.time.Duration;

import io.github.internalhttp.client.InternalHttpClient;
import io.github.internalhttp.client.InternalHttpClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address-spreading properties reach the shared client's settings, globally and per
 * destination, and invalid values fail startup naming the property.
 */
class AddressSpreadingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class));

	@Test
	void whenNoPropertyIsSetThenNamesWithSeveralAddressesSpreadWithOneConnectionEachRefreshedEveryThirtySeconds() {
		this.contextRunner.run((context) -> {
			InternalHttpClientSettings settings = context.getBean(InternalHttpClient.class).getSettings();
			assertThat(settings.pool().addressSpreading()).isTrue();
			assertThat(settings.pool().connectionsPerAddress()).isEqualTo(1);
			assertThat(settings.pool().addressRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.addressSpreading("orders", 8080)).isTrue();
		});
	}

	@Test
	void whenSpreadingPropertiesAreSetThenTheyApplyGloballyAndPerDestination() {
		this.contextRunner
			.withPropertyValues("internal.http.client.pool.address-spreading-enabled=false",
					"internal.http.client.pool.connections-per-address=3",
					"internal.http.client.pool.address-refresh-interval=10s",
					"internal.http.client.destinations[0].address=orders:8080",
					"internal.http.client.destinations[0].address-spreading-enabled=true")
			.run((context) -> {
				InternalHttpClientSettings settings = context.getBean(InternalHttpClient.class).getSettings();
				assertThat(settings.pool().addressSpreading()).isFalse();
				assertThat(settings.pool().connectionsPerAddress()).isEqualTo(3);
				assertThat(settings.pool().addressRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
				assertThat(settings.addressSpreading("orders", 8080)).isTrue();
				assertThat(settings.addressSpreading("ORDERS", 8080)).isTrue();
				assertThat(settings.addressSpreading("billing", 8080)).isFalse();
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"internal.http.client.pool.connections-per-address=0|internal.http.client.pool.connections-per-address|must be at least 1",
			"internal.http.client.pool.address-refresh-interval=0s|internal.http.client.pool.address-refresh-interval|must be a positive duration" })
	void whenASpreadingPropertyIsInvalidThenStartupFailsNamingIt(String property, String name, String allowed) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(name).hasMessageContaining(allowed);
		});
	}

}
