/**
 * Auto-configuration of the observation convention that keeps secrets out of Spring's
 * HTTP client observations.
 */
@NullMarked
package io.github.internalhttp.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
