/**
 * Observation conventions that keep secrets out of Spring's HTTP client observations.
 */
@NullMarked
package io.github.internalhttp.observation;

import org.jspecify.annotations.NullMarked;
