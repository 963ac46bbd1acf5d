/**
 * Auto-configuration of the shared internal HTTP client.
 */
@NullMarked
package io.github.internalhttp.autoconfigure;

import org.jspecify.annotations.NullMarked;
