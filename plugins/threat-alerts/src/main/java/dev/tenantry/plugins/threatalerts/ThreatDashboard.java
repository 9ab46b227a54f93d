package dev.tenantry.plugins.threatalerts;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The dashboard widget's model ({@code #{threatDashboard}}): open incidents by severity, most severe first, in the
 * tenants the person may see, counted by the host's database in one statement.
 */
@Extension
@Model(value = "threatDashboard", scope = Model.Scope.REQUEST)
public class ThreatDashboard implements PageModel {

    @HostService
    private PluginRecords records;

    private Map<String, Long> open;

    /** Severity → open incidents, CRITICAL first, every severity present. */
    public Map<String, Long> getOpen() {
        if (open == null) {
            Map<Severity, Long> counts = new ThreatStore(records).openBySeverity(ThreatStore.Within.visibleWith(
                    ThreatIds.VIEW));
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            for (Severity severity : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
                bySeverity.put(severity.name(), counts.getOrDefault(severity, 0L));
            }
            open = bySeverity;
        }
        return open;
    }

    public List<String> getSeverities() {
        return List.copyOf(getOpen().keySet());
    }
}
