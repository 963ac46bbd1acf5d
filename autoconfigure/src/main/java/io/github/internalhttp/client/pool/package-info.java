/**
 * Internal implementation of the shared client's pool: connection pools that open a new
 * connection only when existing ones have no free stream slots, the transport that routes
 * each destination to HTTP/1.1, h2c or h2, and per-destination bookkeeping. What they
 * rely on in Jetty beyond its documented API lives in
 * {@link io.github.internalhttp.client.jettyinternals}. Not an API: use
 * {@link io.github.internalhttp.client.InternalHttpClient}.
 */
@NullMarked
package io.github.internalhttp.client.pool;

import org.jspecify.annotations.NullMarked;
