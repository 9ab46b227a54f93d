package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantAction;
import dev.tenantry.plugins.usermanagement.bulk.BulkImport;
import dev.tenantry.plugins.usermanagement.bulk.CsvRows;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * "Create users from CSV" in a tenant: its rows are the action's items, so the installation's bulk rule sends a large
 * import to a second person before it runs. Running it queues the rows; the job creates them
 * ({@link BulkImport}). The users page's bulk import checks a file row by row first and hands over its good rows.
 */
@Extension
public class BulkCreateAction implements TenantAction {

    static final String ID = UserIds.PLUGIN + ".bulk-create";

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginAudit audit;

    @HostService
    private PluginSecrets secrets;

    @HostService
    private PortalUser user;

    @HostService
    private PluginSchedule schedule;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Create users from CSV";
    }

    @Override
    public String permission() {
        return UserIds.CREATE;
    }

    @Override
    public List<ActionParameter> parameters() {
        return List.of(new ActionParameter("rows", "Users, one CSV line each", ActionParameter.Kind.ITEMS, true,
                List.of(), "Columns in this order: " + CsvRows.header() + " (licences and groups separated by "
                        + "semicolons). Check a file first on Users → Bulk import."));
    }

    @Override
    public String execute(String tenantId, Map<String, String> parameters) {
        List<String> lines = Arrays.stream(parameters.getOrDefault("rows", "").split("\\R"))
                .filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("No user to create");
        }
        String id = new BulkImport(graph, records, audit, secrets, Clock.systemUTC()).queue(tenantId, lines,
                user.userPrincipalName());
        schedule.runAt(BulkJob.ID, tenantId, Instant.now());
        return lines.size() + " user(s) queued (import " + id + "); they are created in the background";
    }
}
