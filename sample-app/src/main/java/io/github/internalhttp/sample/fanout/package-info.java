/**
 * The fan-out endpoint: many concurrent calls to the backend, and what they cost in
 * connections.
 */
@NullMarked
package io.github.internalhttp.sample.fanout;

import org.jspecify.annotations.NullMarked;
