package dev.tenantry.plugins.threatalerts;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/** The dashboard widget's model ({@code #{threatDashboard}}): open incidents by severity, most severe first. */
@Extension
@Model(value = "threatDashboard", scope = Model.Scope.REQUEST)
public class ThreatDashboard implements PageModel {

    @HostService
    private PortalUser user;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginTenants tenants;

    private Map<String, Long> open;

    /** Severity → open incidents, CRITICAL first, every severity present. */
    public Map<String, Long> getOpen() {
        if (open == null) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Severity severity : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
                counts.put(severity.name(), 0L);
            }
            ThreatStore store = new ThreatStore(records);
            for (PluginTenants.Tenant tenant : tenants.all()) {
                if (!user.holds(ThreatIds.VIEW, tenant.id())) {
                    continue;
                }
                store.incidents(tenant.id(), 0, 500).stream().filter(Incident::open)
                        .forEach(incident -> counts.merge(incident.severity().name(), 1L, Long::sum));
            }
            open = counts;
        }
        return open;
    }

    public List<String> getSeverities() {
        return List.copyOf(getOpen().keySet());
    }
}
