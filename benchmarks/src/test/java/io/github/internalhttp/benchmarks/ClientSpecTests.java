package io.github.internalhttp.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientSpecTests {

	@Test
	void whenBootsDefaultRunsThenTheLibrariesBootWouldPreferToTheJdkClientAreLeftOff() {
		ClientSpec boot = ClientSpec.find("boot-default").orElseThrow();
		assertThat(boot.keeps("httpclient5-5.5.2.jar")).isFalse();
		assertThat(boot.keeps("jetty-client-12.1.10.jar")).isFalse();
		assertThat(boot.keeps("reactor-netty-http-1.3.6.jar")).isFalse();
		assertThat(boot.keeps("spring-boot-restclient-4.0.7.jar")).isTrue();
	}

	@Test
	void whenAllClientsAreAskedForThenDiagnosticVariantsAreLeftOut() {
		assertThat(ClientSpec.parse("all")).extracting(ClientSpec::id)
			.contains("starter-h2c", "boot-default", "apache-h2c")
			.contains("jetty-h2c-async", "boot-apache", "boot-apache-pooled", "boot-reactor-h2c")
			.doesNotContain("starter-h2c-50streams");
	}

	@Test
	void whenAClientIsUnknownThenTheKnownOnesAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClientSpec.parse("nope"))
			.withMessageContaining("starter-h2c");
	}

	@Test
	void whenAllClientsAreAskedForThenThePoolRunsWithAndWithoutItsMetersInOneRun() {
		assertThat(ClientSpec.parse("all")).extracting(ClientSpec::id)
			.contains("starter-pool-h2c", "starter-pool-h2c-meters");
	}

}
