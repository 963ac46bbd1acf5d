package io.github.internalhttp.client.jettyinternals;

import org.eclipse.jetty.util.Jetty;

/**
 * The version of Jetty the tests run on, for tests of plain Jetty behaviour that a Jetty
 * release changed.
 */
final class JettyVersion {

	private JettyVersion() {
	}

	/**
	 * Whether the Jetty on the class path is older than a version.
	 * @param major the major version
	 * @param minor the minor version
	 * @param micro the micro version
	 * @return whether Jetty is older
	 */
	static boolean isBefore(int major, int minor, int micro) {
		String[] parts = Jetty.VERSION.split("[.-]");
		int[] actual = new int[3];
		for (int i = 0; i < 3; i++) {
			actual[i] = (parts.length > i) ? Integer.parseInt(parts[i]) : 0;
		}
		int[] bound = { major, minor, micro };
		for (int i = 0; i < 3; i++) {
			if (actual[i] != bound[i]) {
				return actual[i] < bound[i];
			}
		}
		return false;
	}

}
