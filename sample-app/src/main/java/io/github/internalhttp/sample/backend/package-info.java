/**
 * The backend the sample calls: a plain Jetty server in the same JVM, so that the sample
 * needs no external service.
 */
@NullMarked
package io.github.internalhttp.sample.backend;

import org.jspecify.annotations.NullMarked;
