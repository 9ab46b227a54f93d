package dev.tenantry.plugin.api;

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
}
