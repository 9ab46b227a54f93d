package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginAudit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plugin's audit for its tests: every record in order, so a test can assert the action it expects was recorded. */
public final class MemoryAudit implements PluginAudit {

    /** One record as the plugin made it (the host would prefix the plugin's id to the action). */
    public record Entry(String action, String tenantId, String target, Map<String, String> details) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(String action, String tenantId, String target, Map<String, String> details) {
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("An audit record names its action");
        }
        entries.add(new Entry(action, tenantId, target, details == null ? Map.of() : Map.copyOf(details)));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The records of one action. */
    public List<Entry> of(String action) {
        return entries.stream().filter(entry -> entry.action().equals(action)).toList();
    }
}
