package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugins.secure.history.Fleet;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The dashboard widget's model ({@code #{secureDashboard}}): tenants by posture and the checks most tenants fail, two
 * counts in the database over the tenants the member of staff may see, whatever their number.
 */
@Extension
@Model(value = "secureDashboard", scope = Model.Scope.REQUEST)
public class SecureDashboard implements PageModel {

    @HostService
    private PluginRecords records;

    @HostService
    private PluginTenants tenants;

    private Map<String, Long> bands;
    private List<Fleet.FailingCheck> topFailing;

    /** Tenants per band: good, fair, poor, unknown. */
    public Map<String, Long> getBands() {
        if (bands == null) {
            bands = fleet().bands();
        }
        return bands;
    }

    public List<String> getBandNames() {
        return List.copyOf(getBands().keySet());
    }

    /** The five checks failing in the most tenants. */
    public List<Fleet.FailingCheck> getTopFailing() {
        if (topFailing == null) {
            topFailing = fleet().topFailing(5);
        }
        return topFailing;
    }

    private Fleet fleet() {
        return new Fleet(records, tenants, SecureIds.VIEW);
    }
}
