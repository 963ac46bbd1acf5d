/**
 * Internal implementation of the shared client's pool: connection pools that open a new
 * connection only when existing ones have no free stream slots, the transport that routes
 * each destination to HTTP/1.1, h2c or h2, and per-destination bookkeeping. Not an API:
 * use {@link io.github.internalhttp.client.InternalHttpClient}.
 */
@NullMarked
package io.github.internalhttp.client.pool;

import org.jspecify.annotations.NullMarked;
