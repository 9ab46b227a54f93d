package dev.tenantry.plugin.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A plugin's settings, from the installation's configuration (MicroProfile Config: system properties, environment
 * variables, the server's configuration) under {@code tenantry.plugin.<plugin-id>.<key>}; a plugin sees only its own.
 */
public interface PluginSettings {

    Optional<String> get(String key);

    default String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    default int getInt(String key, int fallback) {
        return get(key).map(String::strip).map(Integer::parseInt).orElse(fallback);
    }

    /**
     * A duration setting, ISO-8601 ({@code PT5M}, {@code P1D}): {@code fallback} when it is not set, or is not a
     * duration (said in the server log); never less than {@code minimum}.
     *
     * @since 1.2.0
     */
    default Duration getDuration(String key, Duration fallback, Duration minimum) {
        String configured = get(key).map(String::strip).orElse("");
        if (configured.isEmpty()) {
            return fallback;
        }
        try {
            Duration value = Duration.parse(configured);
            return value.compareTo(minimum) < 0 ? minimum : value;
        } catch (DateTimeParseException e) {
            System.getLogger(PluginSettings.class.getName()).log(System.Logger.Level.WARNING,
                    "Plugin setting {0} is not an ISO-8601 duration (such as PT5M or P1D): {1}; using {2}", key,
                    configured, fallback);
            return fallback;
        }
    }
}
