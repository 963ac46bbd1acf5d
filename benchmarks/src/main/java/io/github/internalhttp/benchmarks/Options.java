package io.github.internalhttp.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --name value} and {@code --name=value} command-line options.
 */
final class Options {

	private Options() {
	}

	static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + arg + "', options are --name value");
			}
			String name = arg.substring(2);
			int eq = name.indexOf('=');
			if (eq >= 0) {
				options.put(name.substring(0, eq), name.substring(eq + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				options.put(name, args[++i]);
			}
			else {
				options.put(name, "true");
			}
		}
		return options;
	}

}
