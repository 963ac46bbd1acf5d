package io.github.internalhttp.client;

import java.util.List;

import io.github.internalhttp.testsupport.Burst;
import io.github.internalhttp.testsupport.ClientUnderTest;
import io.github.internalhttp.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An SSL bundle's options reach the TLS handshake, as Spring Boot applies them to its own
 * Jetty client, and h2 by ALPN still carries a burst on one connection with a bundle.
 */
class TlsBundleTests {

	/** A TLS 1.3 cipher suite: no TLS 1.2 handshake can use it. */
	private static final String TLS13_ONLY_CIPHER = "TLS_AES_128_GCM_SHA256";

	@RegisterExtension
	final ClientUnderTest client = new ClientUnderTest();

	@Test
	void whenTheBundlesProtocolsAndCiphersAgreeThenH2ByAlpnCarriesABurstOnOneConnection() throws Exception {
		try (TestServer server = TestServer.tls(true, 256)) {
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
				.withSslBundle(InternalHttpClientTests
					.trustingTestCa(SslOptions.of(new String[] { TLS13_ONLY_CIPHER }, new String[] { "TLSv1.3" }))));
			List<Burst.Outcome<ResponseEntity<String>>> outcomes = Burst.run(50,
					() -> restClient.get().uri(server.uri("/?delayMs=100")).retrieve().toEntity(String.class));
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value().getHeaders()
				.getFirst(TestServer.PROTOCOL_HEADER)).isEqualTo("HTTP/2.0"));
			assertThat(server.connectionsAccepted()).isEqualTo(1);
			assertThat(this.client.onlyDestination().protocol()).isEqualTo(WireProtocol.H2);
		}
	}

	@Test
	void whenTheBundleEnablesOnlyProtocolsItsCiphersCannotServeThenTheHandshakeFails() throws Exception {
		try (TestServer server = TestServer.tls(true, 256)) {
			// With the bundle's SSLContext alone these options would be lost and the
			// handshake would succeed over TLS 1.3.
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults()
				.withSslBundle(InternalHttpClientTests
					.trustingTestCa(SslOptions.of(new String[] { TLS13_ONLY_CIPHER }, new String[] { "TLSv1.2" }))));
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> restClient.get().uri(server.uri("/")).retrieve().body(String.class))
				.withRootCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
			assertThat(server.requests()).isZero();
		}
	}

	@Test
	void whenTheServersCertificateIsNotTrustedThenTheRequestFailsNamingTheDestination() throws Exception {
		try (TestServer server = TestServer.tls(true, 256)) {
			// The JVM's trust store does not hold the test CA.
			RestClient restClient = this.client.restClient(InternalHttpClientSettings.defaults());
			ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
					() -> restClient.get().uri(server.uri("/")).retrieve().body(String.class));
			assertThat(failure).isNotNull().hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
			assertThat(failure.getCause()).hasMessageContaining(server.destination())
				.hasMessageNotContaining("@")
				.isInstanceOf(javax.net.ssl.SSLException.class);
			assertThat(server.requests()).isZero();
			assertThat(this.client.onlyDestination().retries()).isEmpty();
		}
	}

	@Test
	void whenTheServersCertificateNamesAnotherHostThenTheRequestFailsNamingTheDestination() throws Exception {
		// The certificate names 127.0.0.1 and localhost only.
		try (TestServer server = TestServer.tls("127.0.0.2", true, 256)) {
			RestClient restClient = this.client
				.restClient(InternalHttpClientSettings.defaults().withSslBundle(InternalHttpClientTests.trustingTestCa()));
			ResourceAccessException failure = catchThrowableOfType(ResourceAccessException.class,
					() -> restClient.get().uri(server.uri("/")).retrieve().body(String.class));
			assertThat(failure).isNotNull().hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
			assertThat(failure.getCause()).hasMessageContaining(server.destination())
				.hasMessageContaining("127.0.0.2")
				.hasMessageNotContaining("@")
				.isInstanceOf(javax.net.ssl.SSLException.class);
			assertThat(server.requests()).isZero();
		}
	}

}
