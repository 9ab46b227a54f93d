package dev.tenantry.portal.plugin.web;

import dev.tenantry.portal.plugin.PluginRegistry;
import java.util.AbstractMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * The texts of running plugins for their views, by plugin id: each plugin's bundle {@code <plugin-id>/messages}
 * ({@code messages.properties}, {@code messages_de.properties}, … in the folder {@code <plugin-id>/} of its jar), read
 * with the plugin's class loader. A missing key shows as {@code ???key???}, as Faces does.
 */
final class PluginMessages extends AbstractMap<String, Map<String, String>> {

    private final PluginRegistry host;
    private final Locale locale;

    PluginMessages(PluginRegistry host, Locale locale) {
        this.host = host;
        this.locale = locale;
    }

    @Override
    public Map<String, String> get(Object pluginId) {
        ResourceBundle bundle = host.classLoaderOf(String.valueOf(pluginId)).map(loader -> {
            try {
                return ResourceBundle.getBundle(pluginId + "/messages", locale, loader);
            } catch (MissingResourceException e) {
                return null;
            }
        }).orElse(null);
        return new AbstractMap<>() {
            @Override
            public String get(Object key) {
                try {
                    return bundle == null ? "???" + key + "???" : bundle.getString(String.valueOf(key));
                } catch (MissingResourceException e) {
                    return "???" + key + "???";
                }
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return Set.of();
            }
        };
    }

    @Override
    public Set<Entry<String, Map<String, String>>> entrySet() {
        return Set.of();
    }
}
