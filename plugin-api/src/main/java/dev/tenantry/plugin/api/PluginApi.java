package dev.tenantry.plugin.api;

/**
 * The version of this API, semantic: a plugin names the versions it works with in its jar manifest
 * ({@code Plugin-Requires: >=1.0.0 & <2.0.0}), and a host refuses a plugin that needs a newer one, saying so.
 * Minor versions add; only a major version removes or changes.
 */
public final class PluginApi {

    public static final String VERSION = "1.11.0";

    private PluginApi() {
    }
}
