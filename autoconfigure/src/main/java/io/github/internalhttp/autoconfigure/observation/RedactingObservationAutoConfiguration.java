package io.github.internalhttp.autoconfigure.observation;

import io.github.internalhttp.observation.RedactingClientRequestObservationConvention;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.observation.ClientRequestObservationConvention;

/**
 * Auto-configuration of the {@link RedactingClientRequestObservationConvention}, which
 * Spring Boot's {@code RestClient} and {@code RestTemplate} observation support picks up
 * as the application's {@link ClientRequestObservationConvention}. It runs before them,
 * backs off when the application defines a convention of its own, and is switched off
 * with {@code internal.http.client.observation.redact-uri=false}.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration",
		"org.springframework.boot.restclient.autoconfigure.RestTemplateObservationAutoConfiguration" })
@ConditionalOnClass({ ClientRequestObservationConvention.class, io.micrometer.common.KeyValue.class })
@ConditionalOnBooleanProperty(name = "internal.http.client.observation.redact-uri", matchIfMissing = true)
public final class RedactingObservationAutoConfiguration {

	/** Spring Boot's property that names the client request observation. */
	private static final String OBSERVATION_NAME_PROPERTY = "management.observations.http.client.requests.name";

	@Bean
	@ConditionalOnMissingBean
	ClientRequestObservationConvention redactingClientRequestObservationConvention(Environment environment) {
		// Read from the environment rather than from Boot's ObservationProperties, so that
		// the starter needs no dependency on Boot's observation module.
		return new RedactingClientRequestObservationConvention(
				environment.getProperty(OBSERVATION_NAME_PROPERTY, "http.client.requests"));
	}

}
