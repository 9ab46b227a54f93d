package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import java.io.InputStream;

/** The plugin's manifest, and its scope sets granted in Contoso by its Global Administrator: what tests start from. */
public final class Grants {

    public static final String CONTOSO = "contoso.example";
    public static final String GLOBAL_ADMIN = "megan.bowen@contoso.example";
    private static final PluginManifest MANIFEST = read();

    private Grants() {
    }

    /** The scope sets granted in Contoso by its Global Administrator, exactly as the manifest declares them. */
    public static EmulatorGraphAccess inContoso(M365Emulator emulator, String... scopeSetIds) throws Exception {
        return EmulatorGraphAccess.register(emulator).grantAsDeclared(CONTOSO, GLOBAL_ADMIN, scopeSetIds);
    }

    public static ScopeSet scopeSet(String id) {
        return MANIFEST.scopeSet(id).orElseThrow(() -> new IllegalArgumentException("No scope set " + id));
    }

    public static PluginManifest manifest() {
        return MANIFEST;
    }

    private static PluginManifest read() {
        try (InputStream json = Grants.class.getResourceAsStream("/" + PluginManifests.LOCATION)) {
            return PluginManifests.read(json, TeamsIds.PLUGIN, "tenantry-plugin.json");
        } catch (Exception e) {
            throw new IllegalStateException("The plugin's manifest could not be read", e);
        }
    }
}
