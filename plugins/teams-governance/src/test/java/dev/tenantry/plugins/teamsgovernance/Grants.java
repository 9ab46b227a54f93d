package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Scope sets of the plugin's manifest granted in a tenant of the emulator, each with exactly the permissions the
 * manifest declares for it, consented by the tenant's Global Administrator: what the tests start from.
 */
public final class Grants {

    public static final String CONTOSO = "contoso.example";
    public static final String GLOBAL_ADMIN = "megan.bowen@contoso.example";
    private static final PluginManifest MANIFEST = read();

    private Grants() {
    }

    /** The scope sets granted in Contoso by its Global Administrator. */
    public static EmulatorGraphAccess inContoso(M365Emulator emulator, String... scopeSetIds) throws Exception {
        return grant(EmulatorGraphAccess.register(emulator), CONTOSO, GLOBAL_ADMIN, scopeSetIds);
    }

    /** The scope sets granted in a tenant by {@code account}, added to {@code graph}. */
    public static EmulatorGraphAccess grant(EmulatorGraphAccess graph, String domain, String account,
            String... scopeSetIds) throws Exception {
        for (String id : scopeSetIds) {
            ScopeSet set = scopeSet(id);
            graph.grant(id, domain, account, set.resource() == ScopeSet.Resource.EXCHANGE_ONLINE,
                    set.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList());
        }
        return graph;
    }

    public static ScopeSet scopeSet(String id) {
        return MANIFEST.scopeSets().stream().filter(set -> set.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No scope set " + id + " in the manifest"));
    }

    public static PluginManifest manifest() {
        return MANIFEST;
    }

    private static PluginManifest read() {
        try (InputStream json = Grants.class.getResourceAsStream("/" + PluginManifests.LOCATION)) {
            return PluginManifests.read(json, TeamsIds.PLUGIN, "tenantry-plugin.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
