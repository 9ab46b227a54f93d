package dev.tenantry.plugin.api;

/**
 * Secrets a plugin must keep but never store in the clear, such as a webhook's signing secret: the host seals them with
 * its encryption keys (AES-256-GCM, rotated by the installation), and a sealed value is plain text the plugin keeps in
 * its {@link PluginRecords}. A sealed value opens only for the plugin that sealed it and for the same {@code purpose}
 * (say {@code "routing-rule:<id>"}), so one copied to another record or another plugin does not open.
 *
 * @since 1.2.0
 */
public interface PluginSecrets {

    /**
     * Seals {@code secret}.
     *
     * @param purpose what the secret is for, 1 to 200 characters, the same when opening
     * @param secret  the secret, at most 4096 characters
     * @return the sealed value, safe to store and to show; never the secret
     * @throws IllegalArgumentException for an empty or too long purpose or secret
     */
    String seal(String purpose, String secret);

    /**
     * Opens a value {@link #seal sealed} by this plugin for this purpose.
     *
     * @throws IllegalArgumentException when it does not open: sealed by another plugin or for another purpose,
     *                                  changed, or sealed with a key the installation no longer has
     */
    String open(String purpose, String sealed);
}
