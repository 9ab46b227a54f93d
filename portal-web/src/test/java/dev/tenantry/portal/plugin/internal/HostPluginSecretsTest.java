package dev.tenantry.portal.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.portal.crypto.SecretBox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plugin's sealed secrets open only for it and for the purpose they were sealed for. */
class HostPluginSecretsTest {

    private final SecretBox box = new SecretBox(Map.of("k1", new byte[32]), "k1");
    private final HostPluginSecrets threats = new HostPluginSecrets("threat-alerts", box);
    private final HostPluginSecrets other = new HostPluginSecrets("other-plugin", box);

    @Test
    void aSealedSecretOpensForItsPluginAndPurposeOnly() {
        String sealed = threats.seal("routing-rule:1:webhook-secret", "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=");
        assertFalse(sealed.contains("c2VjcmV0"), "the secret is not in the sealed value");
        assertEquals("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=", threats.open("routing-rule:1:webhook-secret", sealed));

        IllegalArgumentException otherPurpose = assertThrows(IllegalArgumentException.class,
                () -> threats.open("routing-rule:2:webhook-secret", sealed));
        assertTrue(otherPurpose.getMessage().contains("belongs elsewhere"), otherPurpose.getMessage());
        assertThrows(IllegalArgumentException.class, () -> other.open("routing-rule:1:webhook-secret", sealed),
                "another plugin cannot open it");
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");
        assertThrows(IllegalArgumentException.class, () -> threats.open("routing-rule:1:webhook-secret", altered));
        assertThrows(IllegalArgumentException.class, () -> threats.open("routing-rule:1:webhook-secret", "junk"));
    }

    @Test
    void emptyOrOversizedValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> threats.seal("p", ""));
        assertThrows(IllegalArgumentException.class, () -> threats.seal("", "secret"));
        assertThrows(IllegalArgumentException.class, () -> threats.seal("p", "x".repeat(4097)));
        assertThrows(IllegalArgumentException.class, () -> threats.seal("p".repeat(201), "secret"));
    }
}
