/**
 * A runnable application showing the shared internal HTTP client at work.
 */
@NullMarked
package io.github.internalhttp.sample;

import org.jspecify.annotations.NullMarked;
