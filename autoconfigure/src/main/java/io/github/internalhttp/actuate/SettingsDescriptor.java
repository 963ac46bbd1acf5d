package io.github.internalhttp.actuate;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * The endpoint's view of the client's settings, derived from the settings records
 * themselves, so that every setting shows, a new one included, with no list to keep in
 * step: each component by its name, durations in ISO-8601, enums in lower case, nested
 * records and lists of them as objects and arrays. Key material never shows: an SSL
 * bundle is reported only as configured.
 */
final class SettingsDescriptor {

	private SettingsDescriptor() {
	}

	static Map<String, @Nullable Object> describe(Record settings) {
		Map<String, @Nullable Object> description = new LinkedHashMap<>();
		for (RecordComponent component : settings.getClass().getRecordComponents()) {
			description.put(component.getName(), value(read(component, settings)));
		}
		return description;
	}

	private static @Nullable Object value(@Nullable Object value) {
		if (value instanceof SslBundle) {
			// Never the key material, nor the options: only that TLS is configured.
			return "configured";
		}
		if (value instanceof Duration duration) {
			return duration.toString();
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT);
		}
		if (value instanceof Record record) {
			return describe(record);
		}
		if (value instanceof Collection<?> values) {
			return values.stream().map(SettingsDescriptor::value).toList();
		}
		return value;
	}

	private static @Nullable Object read(RecordComponent component, Record settings) {
		try {
			return component.getAccessor().invoke(settings);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read setting " + component.getName(), ex);
		}
	}

}
