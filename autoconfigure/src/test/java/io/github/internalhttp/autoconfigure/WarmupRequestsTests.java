package io.github.internalhttp.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code prewarm.destinations[n].warmup-requests}: requests sent through
 * RestClient at startup against a real server, before the context is ready.
 */
@ExtendWith(OutputCaptureExtension.class)
class WarmupRequestsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InternalHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withPropertyValues("internal.http.client.protocol=h2c");

	private final TestServer server = TestServer.clearText(256);

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenWarmupRequestsAreSetThenTheServerAnsweredThemAllOverThePrewarmedConnectionBeforeStartupEnds(
			CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("internal.http.client.prewarm.destinations[0].url=" + this.server.uri("/"),
					"internal.http.client.prewarm.destinations[0].warmup-requests=300",
					"internal.http.client.prewarm.wait=60s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.server.requests()).isEqualTo(300);
				assertThat(this.server.connectionsAccepted()).isEqualTo(1);
				assertThat(output).contains("Warmed up the request path with 300 requests to http://127.0.0.1:"
						+ this.server.port());
				// The warm-up's threads end with it, not with the application.
				await().atMost(Duration.ofSeconds(30)).until(() -> warmupThreads() == 0);
			});
	}

	@Test
	void whenTheApplicationCustomizesRestClientThenWarmupRequestsGoThroughItsBuilder() {
		this.contextRunner.withUserConfiguration(CountingInterceptorConfiguration.class)
			.withPropertyValues("internal.http.client.prewarm.destinations[0].url=" + this.server.uri("/"),
					"internal.http.client.prewarm.destinations[0].warmup-requests=50",
					"internal.http.client.prewarm.wait=60s")
			.run((context) -> assertThat(context.getBean(CountingInterceptorConfiguration.class).intercepted)
				.hasValue(50));
	}

	@Test
	void whenTheUrlAnswersWithAnErrorStatusThenEveryWarmupRequestIsStillSentAndNoQueryIsLogged(
			CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("internal.http.client.prewarm.destinations[0].url=" + this.server.uri("/?status=404"),
					"internal.http.client.prewarm.destinations[0].warmup-requests=100",
					"internal.http.client.prewarm.wait=60s")
			.run((context) -> {
				assertThat(this.server.requests()).isEqualTo(100);
				assertThat(output).contains("with 100 requests").contains("100 answered with a status other than 2xx")
					.doesNotContain("status=404");
			});
	}

	@Test
	void whenTheDestinationCannotBeReachedThenStartupGoesOnWithoutWarmupRequests(CapturedOutput output) {
		int closedPort = TestServer.closedPort();
		this.contextRunner
			.withPropertyValues("internal.http.client.prewarm.destinations[0].url=http://127.0.0.1:" + closedPort,
					"internal.http.client.prewarm.destinations[0].warmup-requests=1000",
					"internal.http.client.prewarm.wait=60s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Could not prewarm 1 connection(s) to http://127.0.0.1:" + closedPort)
					.doesNotContain("Warm-up to")
					.doesNotContain("Warmed up");
			});
	}

	@Test
	void whenAWarmupRequestFailsThenTheWarmupStopsAtTheFirstFailure(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("internal.http.client.response-timeout=200ms",
					"internal.http.client.prewarm.destinations[0].url=" + this.server.uri("/?delayMs=10000"),
					"internal.http.client.prewarm.destinations[0].warmup-requests=1000",
					"internal.http.client.prewarm.wait=60s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// The callers' first requests time out together; none sends another.
				assertThat(this.server.requests()).isLessThanOrEqualTo(WarmupRequests.CALLERS);
				assertThat(output).contains("stopped after 0 of 1000 requests").doesNotContain("delayMs");
			});
	}

	@Test
	void whenTheContextClosesDuringAWarmupThenItsCallersEnd() {
		this.contextRunner
			.withPropertyValues("internal.http.client.prewarm.destinations[0].url=" + this.server.uri("/?delayMs=20"),
					"internal.http.client.prewarm.destinations[0].warmup-requests=1000000")
			.run((context) -> await().atMost(Duration.ofSeconds(30)).until(() -> this.server.requests() > 0));
		await().atMost(Duration.ofSeconds(30)).until(() -> warmupThreads() == 0);
		assertThat(this.server.requests()).isLessThan(1000000);
	}

	@Test
	void whenWarmupRequestsAreNegativeThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("internal.http.client.prewarm.destinations[0].url=" + this.server.uri("/"),
					"internal.http.client.prewarm.destinations[0].warmup-requests=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"internal.http.client.prewarm.destinations[0].warmup-requests must be at least 0 but was -1"));
	}

	private static long warmupThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("internal-http-warmup-"))
			.count();
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingInterceptorConfiguration {

		final AtomicInteger intercepted = new AtomicInteger();

		@Bean
		RestClientCustomizer countingInterceptor() {
			return (builder) -> builder.requestInterceptor((request, body, execution) -> {
				this.intercepted.incrementAndGet();
				return execution.execute(request, body);
			});
		}

	}

}
