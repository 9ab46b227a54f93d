package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.secure.history.Fleet;
import dev.tenantry.plugins.secure.history.PostureStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/** The dashboard widget's model ({@code #{secureDashboard}}): tenants by posture and the checks most tenants fail. */
@Extension
@Model(value = "secureDashboard", scope = Model.Scope.REQUEST)
public class SecureDashboard implements PageModel {

    @HostService
    private PortalUser user;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginTenants tenants;

    private List<Fleet.TenantRow> rows;

    /** Tenants per band: good, fair, poor, unknown. */
    public Map<String, Long> getBands() {
        return Fleet.bands(rows());
    }

    public List<String> getBandNames() {
        return List.copyOf(getBands().keySet());
    }

    /** The five checks failing in the most tenants. */
    public List<Fleet.FailingCheck> getTopFailing() {
        return Fleet.topFailing(rows(), 5);
    }

    private List<Fleet.TenantRow> rows() {
        if (rows == null) {
            rows = Fleet.rows(tenants.all().stream().filter(tenant -> user.holds(SecureIds.VIEW, tenant.id()))
                    .toList(), new PostureStore(records), LocalDate.now(ZoneOffset.UTC));
        }
        return rows;
    }
}
