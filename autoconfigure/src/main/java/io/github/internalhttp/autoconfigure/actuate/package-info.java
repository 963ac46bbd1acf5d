/**
 * Auto-configuration of the internal HTTP client's health indicator and actuator
 * endpoint.
 */
@NullMarked
package io.github.internalhttp.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
