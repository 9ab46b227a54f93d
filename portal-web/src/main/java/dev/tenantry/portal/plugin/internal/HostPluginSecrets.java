package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.portal.crypto.SealedValueException;
import dev.tenantry.portal.crypto.SecretBox;
import java.io.Serial;
import java.io.Serializable;

/**
 * One plugin's {@link PluginSecrets}: the host's {@link SecretBox}, with the plugin's id bound into every purpose so a
 * value sealed by one plugin never opens for another.
 */
final class HostPluginSecrets implements PluginSecrets, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final int MAX_SECRET = 4096;

    private final String pluginId;
    private transient SecretBox box;

    HostPluginSecrets(String pluginId) {
        this.pluginId = pluginId;
    }

    /** With a given box, for tests. */
    HostPluginSecrets(String pluginId, SecretBox box) {
        this.pluginId = pluginId;
        this.box = box;
    }

    @Override
    public String seal(String purpose, String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET) {
            throw new IllegalArgumentException("A secret is 1 to " + MAX_SECRET + " characters");
        }
        return box().seal(secret, boundPurpose(purpose));
    }

    @Override
    public String open(String purpose, String sealed) {
        try {
            return box().open(sealed, boundPurpose(purpose));
        } catch (SealedValueException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private String boundPurpose(String purpose) {
        if (purpose == null || purpose.isBlank() || purpose.length() > 200) {
            throw new IllegalArgumentException("A secret's purpose is 1 to 200 characters");
        }
        return "plugin:" + pluginId + ":" + purpose;
    }

    private SecretBox box() {
        if (box == null) {
            box = HostBeans.get().box();
        }
        return box;
    }
}
