package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugins.secure.history.PostureException;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.history.ScanRecord;
import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import dev.tenantry.plugins.secure.posture.PostureScan;
import dev.tenantry.plugins.secure.posture.Reading;
import dev.tenantry.plugins.secure.posture.TenantPosture;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scans one tenant and keeps the result: reads its posture, evaluates every check, stores the scan, and ends the
 * tenant's exceptions that expired (each audited once, as it ends). A scan always completes: a part that could not be
 * read (throttling, a revoked consent) is that check's ERROR or SKIPPED, shown on the tenant.
 */
public final class PostureScanner {

    private final GraphAccess graph;
    private final PostureStore store;
    private final PluginAudit audit;
    private final Clock clock;

    public PostureScanner(GraphAccess graph, PostureStore store, PluginAudit audit, Clock clock) {
        this.graph = graph;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** Scans {@code tenantId} now, for {@code scannedBy} (a member of staff, or "schedule"). */
    public ScanRecord scan(String tenantId, String scannedBy) {
        TenantPosture posture = new PostureScan(graph).read(tenantId,
                store.exclusionGroup(tenantId).map(Set::of).orElse(Set.of()));
        List<CheckResult> results = PostureChecks.all().stream().map(check -> check.evaluate(posture)).toList();
        Double score = null;
        Double maximum = null;
        if (posture.score() instanceof Reading.Read<TenantPosture.Score> read && read.value().latest() != null) {
            score = read.value().latest().getCurrentScore();
            maximum = read.value().latest().getMaxScore();
        }
        ScanRecord scan = new ScanRecord(tenantId, clock.instant(), scannedBy, results, score, maximum);
        store.save(scan);
        LocalDate today = LocalDate.ofInstant(scan.scannedAt(), ZoneOffset.UTC);
        for (PostureException exception : store.exceptions(tenantId)) {
            if (!exception.holdsOn(today) && store.removeException(tenantId, exception.checkId())) {
                audit.record("exception.expired", tenantId, exception.checkId(), Map.of("owner", exception.owner(),
                        "expired", exception.expires().toString(), "grantedBy", exception.grantedBy()));
            }
        }
        return scan;
    }
}
