package io.github.internalhttp.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A client of the comparison as the driver sees it: an id passed to
 * {@link ClientRunner}, a label for the report, what kind of client it is, and which
 * libraries its JVM must not see.
 *
 * @param id the id, as given to {@code --clients}
 * @param label the label in tables and the chart
 * @param group what the client stands for in the comparison
 * @param protocol the protocol it is configured for
 * @param drive how it is driven: blocking caller threads or asynchronous
 * @param excludedJars prefixes of jar names left off its classpath
 * @param byDefault whether {@code --clients all} runs it
 * @param runnerId the client {@link ClientRunner} creates
 * @param prepend classpath entries put before the module's, for a variant
 */
record ClientSpec(String id, String label, Group group, String protocol, String drive, List<String> excludedJars,
		boolean byDefault, String runnerId, List<String> prepend) {

	ClientSpec(String id, String label, Group group, String protocol, String drive, List<String> excludedJars) {
		this(id, label, group, protocol, drive, excludedJars, true);
	}

	ClientSpec(String id, String label, Group group, String protocol, String drive, List<String> excludedJars,
			boolean byDefault) {
		this(id, label, group, protocol, drive, excludedJars, byDefault, id, List.of());
	}

	/**
	 * The same client with other classes first on its classpath, such as a changed
	 * client's, so that both run interleaved in one benchmark.
	 * @param name the variant's name, appended to the id as {@code @name}
	 * @param classpath the entries to put first
	 * @return the variant
	 */
	ClientSpec variant(String name, String classpath) {
		return new ClientSpec(this.id + "@" + name, this.label + " [" + name + "]", this.group, this.protocol,
				this.drive, this.excludedJars, false, this.runnerId,
				List.of(classpath.split(java.io.File.pathSeparator)));
	}

	/** What a client stands for in the comparison. */
	enum Group {

		/** The starter, through {@code RestClient}. */
		STARTER,

		/** Jetty's client used directly with the starter's settings. */
		RAW_JETTY,

		/** What a Spring Boot application gets without the starter. */
		BOOT,

		/** Another HTTP client library. */
		PEER,

		/** A diagnostic or prototype, to explain the others. */
		DIAGNOSTIC

	}

	/**
	 * Every client, in report order; {@code --clients all} runs those marked by default. Boot's default detection prefers Apache
	 * HttpClient, then Jetty, then Reactor Netty over the JDK client; an application
	 * with only {@code spring-boot-starter-restclient} has none of them, so
	 * {@code boot-default} runs without those jars and gets what such an application
	 * gets.
	 */
	static final List<ClientSpec> ALL = List.of(
			new ClientSpec("starter-h2c", "starter h2c (RestClient)", Group.STARTER, "h2c", "blocking", List.of()),
			new ClientSpec("starter-auto", "starter auto = HTTP/1.1 (RestClient)", Group.STARTER, "http/1.1",
					"blocking", List.of()),
			new ClientSpec("starter-h2c-warmup", "starter h2c, startup warm-up (RestClient)", Group.STARTER, "h2c",
					"blocking", List.of()),
			new ClientSpec("starter-pool-h2c", "starter's pool h2c, Jetty API, blocking", Group.DIAGNOSTIC, "h2c",
					"blocking", List.of()),
			new ClientSpec("starter-pool-h2c-meters", "starter's pool h2c, meters bound, Jetty API, blocking",
					Group.DIAGNOSTIC, "h2c", "blocking", List.of()),
			new ClientSpec("starter-h2c-50streams", "starter h2c, 50 streams per connection (RestClient)",
					Group.DIAGNOSTIC, "h2c", "blocking", List.of(), false),
			new ClientSpec("jetty-h2c", "Jetty h2c, raw, blocking", Group.RAW_JETTY, "h2c", "blocking", List.of()),
			new ClientSpec("jetty-h2c-async", "Jetty h2c, raw, async", Group.RAW_JETTY, "h2c", "async", List.of()),
			new ClientSpec("jetty-http1", "Jetty HTTP/1.1, raw, blocking", Group.RAW_JETTY, "http/1.1", "blocking",
					List.of()),
			new ClientSpec("apache-h2c", "Apache HC5 async h2c", Group.PEER, "h2c", "async", List.of()),
			new ClientSpec("okhttp-h2c", "OkHttp 5 h2c", Group.PEER, "h2c", "blocking", List.of()),
			new ClientSpec("reactor-netty-h2c", "Reactor Netty h2c", Group.PEER, "h2c", "async", List.of()),
			new ClientSpec("jdk-http1", "JDK HttpClient HTTP/1.1", Group.PEER, "http/1.1", "blocking", List.of()),
			new ClientSpec("boot-jetty", "Boot RestClient, factory=jetty", Group.BOOT, "http/1.1", "blocking",
					List.of()),
			new ClientSpec("boot-default", "Boot default RestClient (JDK client)", Group.BOOT, "http/1.1", "blocking",
					List.of("httpclient5-", "httpcore5-", "jetty-client-", "reactor-netty-", "netty-")),
			new ClientSpec("boot-apache", "Boot RestClient, factory=http-components (Boot's defaults)", Group.BOOT,
					"http/1.1", "blocking", List.of()),
			new ClientSpec("boot-apache-pooled", "Boot RestClient, factory=http-components, pool of 200", Group.BOOT,
					"http/1.1", "blocking", List.of()),
			new ClientSpec("boot-reactor-h2c", "Boot RestClient, factory=reactor, h2c", Group.BOOT, "h2c",
					"blocking", List.of()));

	static Optional<ClientSpec> find(String id) {
		return ALL.stream().filter((spec) -> spec.id().equals(id)).findFirst();
	}

	static List<ClientSpec> parse(String ids) {
		return parse(ids, java.util.Map.of());
	}

	/**
	 * The clients named, {@code id} or {@code id@variant}.
	 * @param ids comma-separated ids, or {@code all}
	 * @param variants classpath entries by variant name
	 * @return the clients
	 */
	static List<ClientSpec> parse(String ids, java.util.Map<String, String> variants) {
		if (ids == null || ids.equals("all")) {
			return ALL.stream().filter(ClientSpec::byDefault).toList();
		}
		return Arrays.stream(ids.split(","))
			.map(String::trim)
			.filter((id) -> !id.isEmpty())
			.map((id) -> {
				int at = id.indexOf('@');
				String base = (at < 0) ? id : id.substring(0, at);
				ClientSpec spec = find(base).orElseThrow(() -> new IllegalArgumentException(
						"Unknown client '" + base + "'; known: " + ALL.stream().map(ClientSpec::id).toList()));
				if (at < 0) {
					return spec;
				}
				String name = id.substring(at + 1);
				String classpath = variants.get(name);
				if (classpath == null) {
					throw new IllegalArgumentException("No --variant " + name + "=CLASSPATH for client '" + id + "'");
				}
				return spec.variant(name, classpath);
			})
			.toList();
	}

	boolean keeps(String jarName) {
		return this.excludedJars.stream().noneMatch(jarName::startsWith);
	}

}
