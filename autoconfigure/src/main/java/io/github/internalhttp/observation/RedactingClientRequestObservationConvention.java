package io.github.internalhttp.observation;

import java.net.URI;

import io.micrometer.common.KeyValue;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientHttpObservationDocumentation.HighCardinalityKeyNames;
import org.springframework.http.client.observation.ClientHttpObservationDocumentation.LowCardinalityKeyNames;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * Spring's {@code http.client.requests} convention without the secrets a URL can carry.
 * <p>
 * Spring tags a request with its URI template, and a URL given to {@code RestClient} as a
 * string is its own template: {@code uri("http://orders/items?token=...")} records the
 * token in the {@code uri} tag of every meter and trace. This convention keeps the path of
 * the template and drops its query and fragment, and records the {@code http.url} of a
 * trace without user info, query or fragment. Template variables stay as they are
 * ({@code /items/{id}}), so cardinality is what Spring's own convention gives.
 */
public class RedactingClientRequestObservationConvention extends DefaultClientRequestObservationConvention {

	/**
	 * A convention with Spring's default name, {@code http.client.requests}.
	 */
	public RedactingClientRequestObservationConvention() {
	}

	/**
	 * A convention with its own name.
	 * @param name the observation name
	 */
	public RedactingClientRequestObservationConvention(String name) {
		super(name);
	}

	@Override
	protected KeyValue uri(ClientRequestObservationContext context) {
		KeyValue uri = super.uri(context);
		return KeyValue.of(LowCardinalityKeyNames.URI, withoutQuery(uri.getValue()));
	}

	@Override
	protected KeyValue requestUri(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		if (request == null) {
			return super.requestUri(context);
		}
		return KeyValue.of(HighCardinalityKeyNames.HTTP_URL, withoutSecrets(request.getURI()));
	}

	/**
	 * The part of a URI template or path before its query and fragment.
	 * @param path a path or URI template
	 * @return the path alone
	 */
	static String withoutQuery(String path) {
		int end = path.length();
		int query = path.indexOf('?');
		if (query >= 0) {
			end = query;
		}
		int fragment = path.indexOf('#');
		if (fragment >= 0 && fragment < end) {
			end = fragment;
		}
		return path.substring(0, end);
	}

	/**
	 * A URL with its scheme, host, port and path only.
	 * @param uri the request URL
	 * @return the URL without user info, query and fragment
	 */
	static String withoutSecrets(URI uri) {
		StringBuilder url = new StringBuilder();
		if (uri.getScheme() != null) {
			url.append(uri.getScheme()).append("://");
		}
		if (uri.getHost() != null) {
			url.append(uri.getHost());
		}
		if (uri.getPort() != -1) {
			url.append(':').append(uri.getPort());
		}
		if (uri.getRawPath() != null) {
			url.append(uri.getRawPath());
		}
		return url.toString();
	}

}
