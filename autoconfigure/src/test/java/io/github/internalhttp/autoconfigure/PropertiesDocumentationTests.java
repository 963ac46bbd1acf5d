package io.github.internalhttp.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HELP.md's property table against the configuration metadata the build generates from
 * {@link InternalHttpClientProperties} (and the additional metadata): the same names, and
 * the same default wherever the metadata states one.
 */
class PropertiesDocumentationTests {

	private static final Path METADATA = Path.of("target", "classes", "META-INF",
			"spring-configuration-metadata.json");

	private static final Path HELP = Path.of("..", "HELP.md");

	private static final String PREFIX = InternalHttpClientProperties.PREFIX + ".";

	/** A row of the table: | `name` | default | meaning |. */
	private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.\\-\\[\\]]+)` \\| ([^|]*) \\|");

	@Test
	void whenHelpAndMetadataListThePropertiesThenTheyNameTheSameOnes() throws IOException {
		assertThat(documented().keySet()).isEqualTo(new TreeSet<>(generated().keySet()));
	}

	@Test
	void whenMetadataStatesADefaultThenHelpStatesTheSame() throws IOException {
		Map<String, String> documented = documented();
		generated().forEach((name, defaultValue) -> {
			if (defaultValue != null) {
				assertThat(documented.get(name)).as("default of %s in HELP.md", name).isEqualTo(defaultValue);
			}
		});
	}

	/**
	 * The properties of HELP.md's "Properties" table, by name without the prefix; an entry
	 * of a list ({@code destinations[n].address}) counts as the list. Values are the
	 * default column's first code span.
	 */
	private static Map<String, String> documented() throws IOException {
		String help = Files.readString(HELP);
		String table = help.substring(help.indexOf("## Properties"), help.indexOf("## Observability"));
		Map<String, String> properties = new java.util.TreeMap<>();
		for (String line : table.split("\n")) {
			Matcher row = ROW.matcher(line);
			if (row.find()) {
				String name = row.group(1).replaceAll("\\[n\\]\\..*", "");
				Matcher code = Pattern.compile("`([^`]*)`").matcher(row.group(2));
				properties.putIfAbsent(name, code.find() ? code.group(1) : null);
			}
		}
		return properties;
	}

	/**
	 * The generated metadata's properties under the prefix, by name without it, with their
	 * default as text, or {@code null} when the metadata states none.
	 */
	private static Map<String, String> generated() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA));
		Map<String, String> properties = new LinkedHashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith(PREFIX)) {
				JsonNode defaultValue = property.get("defaultValue");
				properties.put(name.substring(PREFIX.length()),
						(defaultValue != null && !defaultValue.isNull()) ? defaultValue.asString() : null);
			}
		}
		return properties;
	}

}
