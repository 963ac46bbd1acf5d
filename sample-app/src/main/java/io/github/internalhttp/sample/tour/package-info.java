/**
 * A service group and a {@code WebClient} on the shared client.
 */
@NullMarked
package io.github.internalhttp.sample.tour;

import org.jspecify.annotations.NullMarked;
