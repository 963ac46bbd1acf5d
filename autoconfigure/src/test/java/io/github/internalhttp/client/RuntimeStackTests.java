package io.github.internalhttp.client;

import java.util.stream.Stream;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.core.SpringVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the suite runs on one whole Jetty and one whole Spring Boot, the Jetty being the
 * one the build asked for. CI runs the suite on more than one Jetty, Spring Boot and Java, and
 * reads the stack each run used from the line this test prints.
 */
class RuntimeStackTests {

	/**
	 * The system property the build sets to its {@code jetty.version}.
	 */
	private static final String BUILD_JETTY_VERSION = "internalhttp.build.jetty-version";

	@Test
	void whenTheSuiteRunsThenEveryJettyJarIsTheVersionTheBuildAskedFor() {
		printStack();
		String asked = System.getProperty(BUILD_JETTY_VERSION);
		assertThat(asked).as("system property %s", BUILD_JETTY_VERSION).isNotBlank();
		assertThat(Jetty.VERSION).isEqualTo(asked);
		assertThat(Stream.of(HttpClient.class, HTTP2Client.class, Server.class, HTTP2CServerConnectionFactory.class)
			.map(RuntimeStackTests::jarVersion)).containsOnly(asked);
	}

	@Test
	void whenTheSuiteRunsThenEverySpringBootJarIsOneVersion() {
		assertThat(Stream.of(SpringBootApplication.class, ClientHttpRequestFactoryBuilder.class)
			.map(RuntimeStackTests::jarVersion)).containsOnly(SpringBootVersion.getVersion());
	}

	private static String jarVersion(Class<?> type) {
		return type.getPackage().getImplementationVersion();
	}

	private static void printStack() {
		// One line CI looks for: it checks that each leg of its matrix ran the stack it meant to.
		System.out.printf("Runtime stack: Java %s (%s), Spring Boot %s, Spring Framework %s, Jetty %s%n",
				System.getProperty("java.version"), System.getProperty("java.vm.vendor"),
				SpringBootVersion.getVersion(), SpringVersion.getVersion(), Jetty.VERSION);
	}

}
