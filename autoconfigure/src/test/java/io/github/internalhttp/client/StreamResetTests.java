package io.github.internalhttp.client;

import java.util.Map;

import io.github.internalhttp.metrics.InternalHttpClientMetrics;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.ResettingHttp2Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.http2.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Requests whose HTTP/2 streams a real server resets: only a reset that says the server did
 * not process the request is followed by sending it again, and each reset is counted by
 * its error code.
 */
class StreamResetTests {

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "INTERNAL_ERROR, GET", "INTERNAL_ERROR, POST", "CANCEL, GET", "CANCEL, DELETE",
			"ENHANCE_YOUR_CALM, GET", "ENHANCE_YOUR_CALM, POST", "PROTOCOL_ERROR, GET", "STREAM_CLOSED, PUT",
			"NO_ERROR, GET" })
	void whenTheServerResetsAStreamWithACodeThatMayFollowProcessingThenTheRequestFailsOnceNamingTheCode(
			String code, String method) {
		ErrorCode errorCode = ErrorCode.valueOf(code.equals("CANCEL") ? "CANCEL_STREAM_ERROR"
				: code.equals("NO_ERROR") ? "NO_ERROR" : code.endsWith("_ERROR") ? code : code + "_ERROR");
		try (ResettingHttp2Server server = ResettingHttp2Server.resettingEvery(errorCode.code)) {
			RestClient restClient = this.client
				.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
					() -> restClient.method(HttpMethod.valueOf(method))
						.uri(server.uri("/orders"))
						.body("payload")
						.retrieve()
						.toBodilessEntity());
			assertThat(failure).isNotNull();
			assertThat(failure.getCause()).isInstanceOfSatisfying(StreamResetException.class, (reset) -> {
				assertThat(reset.getErrorCode()).isEqualTo(code);
				assertThat(reset.getDestination()).isEqualTo(server.destination());
				assertThat(reset.getMessage()).contains(server.destination()).contains(code);
			});
			assertThat(server.streams()).as("streams the server received").isEqualTo(1);
			DestinationSnapshot destination = this.client.onlyDestination();
			assertThat(destination.retries()).isEmpty();
			assertThat(destination.streamResets()).isEqualTo(Map.of(code, 1L));
			assertThat(destination.connectionsOpened()).isEqualTo(1);
		}
	}

	@Test
	void whenTheServerRefusesStreamsThenThePostIsSentAgainAndEachRefusalIsCounted() {
		try (ResettingHttp2Server server = ResettingHttp2Server.resettingFirst(ErrorCode.REFUSED_STREAM_ERROR.code,
				2)) {
			RestClient restClient = this.client
				.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			String body = restClient.post().uri(server.uri("/orders")).body("payload").retrieve().body(String.class);
			assertThat(body).isEqualTo("ok");
			assertThat(server.streams()).isEqualTo(3);
			DestinationSnapshot destination = this.client.onlyDestination();
			assertThat(destination.retries()).isEqualTo(Map.of(RetryPolicy.REFUSED_STREAM, 2L));
			assertThat(destination.streamResets()).isEqualTo(Map.of("REFUSED_STREAM", 2L));
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			try (InternalHttpClientMetrics metrics = new InternalHttpClientMetrics(this.client.get())) {
				metrics.bindTo(registry);
				assertThat(registry.get(InternalHttpClientMetrics.STREAM_RESETS).tag("code", "REFUSED_STREAM")
					.functionCounter().count()).isEqualTo(2);
				assertThat(registry.get(InternalHttpClientMetrics.RETRIES).tag("reason", "refused_stream")
					.functionCounter().count()).isEqualTo(2);
			}
		}
	}


	@ParameterizedTest(name = "{0}")
	@CsvSource({ "GET", "POST" })
	void whenTheServerClosesTheConnectionWithGoAwayEnhanceYourCalmThenTheRequestFailsNamingTheDestinationAndTheCode(
			String method) {
		try (ResettingHttp2Server server = ResettingHttp2Server
			.goingAwayOnFirst(ErrorCode.ENHANCE_YOUR_CALM_ERROR.code)) {
			RestClient restClient = this.client
				.restClient(InternalHttpClientSettings.defaults().withProtocol(ProtocolMode.H2C));
			ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
					() -> restClient.method(HttpMethod.valueOf(method))
						.uri(server.uri("/orders"))
						.body("payload")
						.retrieve()
						.toBodilessEntity());
			assertThat(failure).isNotNull();
			assertThat(failure.getMessage()).contains(server.destination()).contains("ENHANCE_YOUR_CALM");
			assertThat(server.streams()).as("streams the server received").isEqualTo(1);
			DestinationSnapshot destination = this.client.onlyDestination();
			assertThat(destination.retries()).isEmpty();
			assertThat(destination.goAways()).isEqualTo(1);
		}
	}

}
