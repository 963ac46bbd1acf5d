/**
 * The shared, pooled, HTTP/2-capable client: {@link io.github.internalhttp.client.InternalHttpClient}
 * and the {@link org.springframework.http.client.ClientHttpRequestFactory} that puts
 * {@code RestClient} on it.
 */
@NullMarked
package io.github.internalhttp.client;

import org.jspecify.annotations.NullMarked;
