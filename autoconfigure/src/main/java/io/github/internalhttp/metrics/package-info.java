/**
 * Micrometer metrics of the shared internal HTTP client: per destination and protocol,
 * its connections, streams, queue and connection events.
 */
@NullMarked
package io.github.internalhttp.metrics;

import org.jspecify.annotations.NullMarked;
