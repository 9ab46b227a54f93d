package dev.tenantry.plugins.secure.history;

import dev.tenantry.plugin.api.PluginRecords;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Secure plugin's stored posture, in the host's plugin records: each tenant's scans (newest first, the last
 * {@value #KEPT_SCANS} kept, for trends and "what changed"), its exceptions, one per check, and the Conditional
 * Access policies Tenantry deployed there with their exclusion group.
 */
public final class PostureStore {

    /** Scans kept per tenant: three months of daily scans. */
    public static final int KEPT_SCANS = 90;

    static final String SCAN = "scan";
    static final String EXCEPTION = "exception";
    static final String DEPLOYMENT = "deployment";
    private static final String EXCLUSION_GROUP = "exclusion-group";
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final PluginRecords records;

    public PostureStore(PluginRecords records) {
        this.records = records;
    }

    /** Stores a scan and forgets the oldest beyond {@value #KEPT_SCANS}. */
    public void save(ScanRecord scan) {
        records.put(scan.tenantId(), SCAN, String.format("%019d", scan.scannedAt().toEpochMilli()),
                JSON.toJson(scan));
        long stored = records.count(scan.tenantId(), SCAN);
        if (stored > KEPT_SCANS) {
            records.list(scan.tenantId(), SCAN, KEPT_SCANS, (int) Math.min(500, stored - KEPT_SCANS))
                    .forEach(old -> records.delete(scan.tenantId(), SCAN, old.key()));
        }
    }

    public Optional<ScanRecord> latest(String tenantId) {
        return history(tenantId, 1).stream().findFirst();
    }

    /** The tenant's newest scans, newest first. */
    public List<ScanRecord> history(String tenantId, int max) {
        return records.list(tenantId, SCAN, 0, Math.max(1, Math.min(max, KEPT_SCANS))).stream()
                .map(entry -> JSON.fromJson(entry.json(), ScanRecord.class)).toList();
    }

    /** The tenant's exceptions, expired ones included, by check. */
    public List<PostureException> exceptions(String tenantId) {
        List<PostureException> all = new ArrayList<>(records.all(tenantId, EXCEPTION).stream()
                .map(entry -> JSON.fromJson(entry.json(), PostureException.class)).toList());
        all.sort(java.util.Comparator.comparing(PostureException::checkId));
        return all;
    }

    /** The exception for a check that holds on {@code day}, if any. */
    public Optional<PostureException> exception(String tenantId, String checkId, LocalDate day) {
        return records.get(tenantId, EXCEPTION, checkId).map(json -> JSON.fromJson(json, PostureException.class))
                .filter(exception -> exception.holdsOn(day));
    }

    public void putException(String tenantId, PostureException exception) {
        records.put(tenantId, EXCEPTION, exception.checkId(), JSON.toJson(exception));
    }

    public boolean removeException(String tenantId, String checkId) {
        return records.delete(tenantId, EXCEPTION, checkId);
    }

    /** The tenant's "Tenantry — do not modify" group, once Tenantry created it. */
    public Optional<String> exclusionGroup(String tenantId) {
        return records.get(tenantId, DEPLOYMENT, EXCLUSION_GROUP)
                .map(json -> JSON.fromJson(json, ExclusionGroup.class).groupId());
    }

    public void putExclusionGroup(String tenantId, String groupId) {
        records.put(tenantId, DEPLOYMENT, EXCLUSION_GROUP, JSON.toJson(new ExclusionGroup(groupId)));
    }

    /** The policy Tenantry deployed from {@code template}, if any. */
    public Optional<Deployment> deployment(String tenantId, String template) {
        return records.get(tenantId, DEPLOYMENT, "policy-" + template)
                .map(json -> JSON.fromJson(json, Deployment.class));
    }

    public void putDeployment(String tenantId, Deployment deployment) {
        records.put(tenantId, DEPLOYMENT, "policy-" + deployment.template(), JSON.toJson(deployment));
    }

    public void removeDeployment(String tenantId, String template) {
        records.delete(tenantId, DEPLOYMENT, "policy-" + template);
    }

    /** Stored form of the exclusion group. */
    public record ExclusionGroup(String groupId) {
    }
}
