package io.github.internalhttp.observation;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedactingClientRequestObservationConvention}.
 */
class RedactingClientRequestObservationConventionTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "/items?token=secret|/items", "/items/{id}?expand={expand}|/items/{id}",
			"/items#section|/items", "/items?a=1#b|/items", "/items/{id}|/items/{id}", "/|/" })
	void whenATemplateHasAQueryOrFragmentThenOnlyItsPathIsKept(String template, String path) {
		assertThat(RedactingClientRequestObservationConvention.withoutQuery(template)).isEqualTo(path);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"http://user:secret@orders:8080/items?token=secret#top|http://orders:8080/items",
			"https://orders/items|https://orders/items", "http://[::1]:8080/a%20b?x=1|http://[::1]:8080/a%20b" })
	void whenAUrlCarriesUserInfoOrAQueryThenTheyAreLeftOut(String url, String redacted) {
		assertThat(RedactingClientRequestObservationConvention.withoutSecrets(URI.create(url))).isEqualTo(redacted);
	}

}
