/**
 * Auto-configuration of the internal HTTP client's Micrometer metrics.
 */
@NullMarked
package io.github.internalhttp.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
