/**
 * Everything the client relies on in Jetty beyond its exported, documented API, in one
 * place: classes of Jetty's {@code internal} packages, casts to Jetty's implementation
 * classes, exception messages matched because Jetty throws no type of its own, and
 * workarounds of Jetty behaviours that cost the client requests or connections.
 * <p>
 * A Jetty release may change any of it without notice. Each assumption made here is
 * pinned by a test of {@code JettyContractTests}, named after the assumption, and each
 * Jetty bug worked around has a test that shows the bug against plain Jetty, named
 * {@code vanillaJetty...}: when such a test fails after a Jetty upgrade, its name says
 * which assumption broke, or which workaround can go.
 * <p>
 * Not an API: used by the client's pool and request layer only.
 */
@NullMarked
package io.github.internalhttp.client.jettyinternals;

import org.jspecify.annotations.NullMarked;
