/**
 * Auto-configuration of {@code WebClient} on the shared internal HTTP client.
 */
@NullMarked
package io.github.internalhttp.autoconfigure.reactive;

import org.jspecify.annotations.NullMarked;
