package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginSettings;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A plugin's settings for its tests: the keys the test sets (what {@code tenantry.plugin.<id>.<key>} would hold). */
public final class MemorySettings implements PluginSettings {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    /** Settings holding {@code values}. */
    public static MemorySettings of(Map<String, String> values) {
        MemorySettings settings = new MemorySettings();
        settings.values.putAll(values);
        return settings;
    }

    /** Sets a key, as the server's configuration would; returns these settings. */
    public MemorySettings set(String key, String value) {
        values.put(key, value);
        return this;
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }
}
