package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginSettings;
import java.io.Serializable;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/** One plugin's {@link PluginSettings}: {@code tenantry.plugin.<plugin-id>.<key>} from MicroProfile Config. */
public final class HostPluginSettings implements PluginSettings, Serializable {

    private static final long serialVersionUID = 1L;

    private final String pluginId;

    public HostPluginSettings(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public Optional<String> get(String key) {
        if (key == null || !key.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("A setting's key is letters, digits, dots, dashes and underscores");
        }
        return ConfigProvider.getConfig(HostPluginSettings.class.getClassLoader())
                .getOptionalValue("tenantry.plugin." + pluginId + "." + key, String.class);
    }
}
