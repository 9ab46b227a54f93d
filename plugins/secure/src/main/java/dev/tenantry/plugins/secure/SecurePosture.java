package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import dev.tenantry.plugins.secure.posture.PostureScan;
import dev.tenantry.plugins.secure.posture.Status;
import dev.tenantry.plugins.secure.posture.TenantPosture;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.pf4j.Extension;

/**
 * The model of the tenant posture page ({@code #{securePosture}}): scans the tenant chosen in the top bar and lists
 * every check — failures first, the most severe first — with what it saw and what to do; a check skipped for a
 * missing permission offers the consent for exactly its scope set.
 */
@Extension
@Model("securePosture")
public class SecurePosture implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    /** One check on the page. */
    public record Row(String id, String title, String severity, String area, String remediation, CheckResult result)
            implements Serializable {

        public String status() {
            return result.status().name();
        }
    }

    private List<Row> rows = List.of();
    private String scannedTenant;

    public String getTenant() {
        return user.selectedTenantId().orElse("");
    }

    /** The checks of the last scan, when it was of the tenant chosen now. */
    public List<Row> getRows() {
        return getTenant().equals(scannedTenant) ? rows : List.of();
    }

    /** Checks passed, of those evaluated. */
    public String getPassRate() {
        List<Row> evaluated = getRows().stream().filter(row -> row.result().status() != Status.SKIPPED
                && row.result().status() != Status.ERROR).toList();
        long passed = evaluated.stream().filter(row -> row.result().status() == Status.PASS).count();
        return evaluated.isEmpty() ? "" : passed + " of " + evaluated.size();
    }

    /** Reads the chosen tenant now and evaluates every check. */
    public void scan() {
        String tenant = user.selectedTenantId().orElseThrow(() -> new IllegalStateException("Choose a tenant first"));
        TenantPosture posture = new PostureScan(graph).read(tenant);
        rows = PostureChecks.all().stream().map(check -> row(check, check.evaluate(posture)))
                .sorted(Comparator.comparingInt((Row row) -> order(row.result().status()))
                        .thenComparing(Row::severity))
                .toList();
        scannedTenant = tenant;
    }

    private static Row row(PostureCheck check, CheckResult result) {
        return new Row(check.id(), check.title(), check.severity().name(), check.area(), check.remediation(), result);
    }

    private static int order(Status status) {
        return switch (status) {
            case FAIL -> 0;
            case WARNING -> 1;
            case ERROR -> 2;
            case SKIPPED -> 3;
            case PASS -> 4;
        };
    }
}
