package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Plugin secrets for plugins' tests: like the host's, a sealed value never shows the secret and opens only for the
 * purpose it was sealed for (here by an encoding, not encryption — the host's sealing is tested in the portal).
 */
public final class MemorySecrets implements PluginSecrets {

    private static final String PREFIX = "test-sealed.";

    @Override
    public String seal(String purpose, String secret) {
        if (purpose == null || purpose.isBlank() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("purpose and secret are required");
        }
        byte[] plain = (purpose + "\n" + secret).getBytes(StandardCharsets.UTF_8);
        byte[] masked = new byte[plain.length];
        for (int i = 0; i < plain.length; i++) {
            masked[i] = (byte) (plain[i] ^ 0x5a);
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(masked);
    }

    @Override
    public String open(String purpose, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a sealed value");
        }
        byte[] masked = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
        for (int i = 0; i < masked.length; i++) {
            masked[i] = (byte) (masked[i] ^ 0x5a);
        }
        String plain = new String(masked, StandardCharsets.UTF_8);
        int cut = plain.indexOf('\n');
        if (cut < 0 || !plain.substring(0, cut).equals(purpose)) {
            throw new IllegalArgumentException("Sealed value was altered, or belongs elsewhere");
        }
        return plain.substring(cut + 1);
    }
}
