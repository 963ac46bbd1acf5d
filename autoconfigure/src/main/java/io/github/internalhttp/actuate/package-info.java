/**
 * Actuator support for the shared internal HTTP client: a health indicator and the
 * {@code internalhttp} endpoint.
 */
@NullMarked
package io.github.internalhttp.actuate;

import org.jspecify.annotations.NullMarked;
