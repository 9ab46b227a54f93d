package dev.tenantry.portal.consent.web;

import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.consent.Connection;
import dev.tenantry.portal.consent.ConsentManager;
import dev.tenantry.portal.consent.PermissionCoverage;
import dev.tenantry.portal.consent.internal.ConsentStore;
import dev.tenantry.portal.plugin.PluginHost;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consent health of a tenant for the tenants list: its connections against the delegated and application Graph scope
 * sets of the plugins working there. One read of the tenant's connections per row, kept for the request.
 */
@Named
@RequestScoped
public class ConsentHealthView {

    @Inject
    ConsentStore store;

    @Inject
    PluginHost host;

    private final Map<String, Health> known = new HashMap<>();

    /**
     * How a tenant stands.
     *
     * @param state   OK, MISSING (some scope set lacks permissions), REAUTHENTICATE, NOT_CONNECTED or NOTHING_ASKED
     * @param missing how many scope sets lack something
     */
    public record Health(String state, int missing) {

        /** The number of scope sets lacking something, for a label. */
        public String missingText() {
            return String.valueOf(missing);
        }

        public String severity() {
            return switch (state) {
                case "OK" -> "success";
                case "MISSING", "NOT_CONNECTED" -> "warning";
                case "REAUTHENTICATE" -> "danger";
                default -> "secondary";
            };
        }
    }

    public Health of(String tenantId) {
        return known.computeIfAbsent(tenantId, this::compute);
    }

    private Health compute(String tenantId) {
        List<Connection> connections = store.connections(tenantId);
        int missing = 0;
        int asked = 0;
        boolean reauthenticate = false;
        boolean unconnected = false;
        for (PluginManifest manifest : host.running()) {
            if (!host.enabledFor(manifest.pluginId(), tenantId)) {
                continue;
            }
            for (ScopeSet set : manifest.scopeSets()) {
                if (set.resource() != ScopeSet.Resource.MICROSOFT_GRAPH) {
                    continue;
                }
                asked++;
                Connection.Kind kind = ConsentManager.kind(set);
                Connection connection = connections.stream().filter(c -> c.kind() == kind).findFirst().orElse(null);
                if (connection == null) {
                    unconnected = true;
                    missing++;
                } else if (!connection.connected()) {
                    reauthenticate = true;
                    missing++;
                } else if (!PermissionCoverage.missing(connection.granted(), set.permissions().stream()
                        .map(ScopeSet.MicrosoftPermission::name).toList()).isEmpty()) {
                    missing++;
                }
            }
        }
        String state = asked == 0 ? "NOTHING_ASKED" : reauthenticate ? "REAUTHENTICATE"
                : unconnected && missing == asked ? "NOT_CONNECTED" : missing > 0 ? "MISSING" : "OK";
        return new Health(state, missing);
    }
}
