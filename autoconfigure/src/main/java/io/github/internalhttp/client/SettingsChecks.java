package io.github.internalhttp.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The checks of the settings records, in one place: each failure names the property that
 * sets the value ({@code internal.http.client.pool.max-connections-per-destination}) and
 * what it allows, so that a bad property fails startup with a message a user can act on,
 * and a bad value given through the API says the same.
 */
final class SettingsChecks {

	private static final String PREFIX = "internal.http.client.";

	private SettingsChecks() {
	}

	static Duration positive(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(PREFIX + property + " must be a positive duration but was " + value);
		}
		return value;
	}

	static @Nullable Duration positiveIfSet(String property, @Nullable Duration value) {
		return (value != null) ? positive(property, value) : null;
	}

	static Duration notNegative(String property, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(PREFIX + property + " must be zero or a positive duration but was "
					+ value);
		}
		return value;
	}

	static int atLeast(String property, int value, int minimum) {
		if (value < minimum) {
			throw new IllegalArgumentException(PREFIX + property + " must be at least " + minimum + " but was " + value);
		}
		return value;
	}

	static int between(String property, int value, int minimum, int maximum) {
		if (value < minimum || value > maximum) {
			throw new IllegalArgumentException(
					PREFIX + property + " must be between " + minimum + " and " + maximum + " but was " + value);
		}
		return value;
	}

}
