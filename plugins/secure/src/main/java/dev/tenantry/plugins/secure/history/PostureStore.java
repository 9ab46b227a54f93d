package dev.tenantry.plugins.secure.history;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Secure plugin's stored posture, in the host's plugin records: each tenant's scans (newest first, the last
 * {@value #KEPT_SCANS} kept, for "what changed" and the report), its exceptions, one per check, and the Conditional
 * Access policies Tenantry deployed there with their exclusion group.
 *
 * <p>What pages list across tenants is kept beside the scans, with indexed fields, so that the database filters, sorts
 * and counts it: each tenant's {@link #POSTURE latest posture}, each check's result in it ({@link #CHECK_RESULT}), and
 * a summary per day ({@link #DAILY}) for trends. All three are written from the newest scan and the exceptions, at each
 * scan and each change of an exception; {@link #index} writes them for a tenant that has none yet (scans stored by an
 * earlier version of the plugin) or whose record an exception's end or a new name put out of date.
 */
public final class PostureStore {

    /** Scans kept per tenant: three months of daily scans; as many days of daily summaries. */
    public static final int KEPT_SCANS = 90;

    /**
     * Each tenant's latest posture ({@link LatestPosture}), key {@value #LATEST}: the fleet's rows, the dashboard's
     * bands. {@code name} (lower case) sorts, {@code search} (name and primary domain) finds, {@code failing-checks}
     * holds each failing check's id between commas; pass rate and Secure Score are percentages.
     */
    public static final RecordKind POSTURE = RecordKind.of("posture").text("name").text("search").text("status")
            .text("band").text("failing-checks").number("pass-rate").number("secure-score").number("failing")
            .number("critical").time("scanned-at");

    /**
     * Each check's result in a tenant's latest posture, key the check's id: which tenants fail a check, and how many
     * fail each, in one query. {@code status} is what the check shows (FAIL, WARNING, ACCEPTED, PASS, SKIPPED,
     * ERROR); {@code severity} 3 high, 2 medium, 1 low. Written only when it changes (a scan finding what the last
     * one found writes none), so it has no time of its own: the tenant's {@link #POSTURE} says when it was scanned.
     */
    public static final RecordKind CHECK_RESULT = RecordKind.of("check-result").text("check").text("status")
            .number("severity");

    /**
     * A tenant's day ({@link Trends.Day}: its last scan that day), key the date. {@code day-pass-rate} and
     * {@code day-score} are the day and the value as one number ({@link Trends#encode}), so that the fleet's trend is
     * one count per measure.
     */
    public static final RecordKind DAILY = RecordKind.of("daily").time("day").number("day-pass-rate")
            .number("day-score");

    static final String SCAN = "scan";
    static final String EXCEPTION = "exception";
    static final String DEPLOYMENT = "deployment";
    static final String LATEST = "latest";
    private static final String EXCLUSION_GROUP = "exclusion-group";
    private static final int ATTEMPTS = 5;
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final PluginRecords records;
    private final PluginTenants tenants;

    /**
     * A store that names tenants in their latest posture through {@code tenants} (for sorting and finding them by
     * name).
     */
    public PostureStore(PluginRecords records, PluginTenants tenants) {
        this.records = records;
        this.tenants = tenants;
    }

    /**
     * A store for what needs no tenant's name (deployments, reading); a latest posture it writes keeps the name it had.
     */
    public PostureStore(PluginRecords records) {
        this(records, null);
    }

    /**
     * Stores a scan and forgets the oldest beyond {@value #KEPT_SCANS}; writes the tenant's day, latest posture and
     * check results from it (exceptions applied on the scan's day).
     */
    public void save(ScanRecord scan) {
        String tenantId = scan.tenantId();
        records.put(tenantId, SCAN, String.format("%019d", scan.scannedAt().toEpochMilli()), JSON.toJson(scan));
        long stored = records.count(tenantId, SCAN);
        if (stored > KEPT_SCANS) {
            records.list(tenantId, SCAN, KEPT_SCANS, (int) Math.min(500, stored - KEPT_SCANS))
                    .forEach(old -> records.delete(tenantId, SCAN, old.key()));
        }
        Trends.Day day = Trends.Day.of(scan);
        putDay(tenantId, day);
        records.query(RecordQuery.of(DAILY).inTenant(tenantId).below("day", start(day.day().minusDays(KEPT_SCANS))),
                0, PluginRecords.PAGE).forEach(old -> records.delete(tenantId, DAILY.name(), old.key()));
        writeLatest(tenantId, day.day(), scan);
    }

    public Optional<ScanRecord> latest(String tenantId) {
        return history(tenantId, 1).stream().findFirst();
    }

    /** The tenant's newest scans, newest first. */
    public List<ScanRecord> history(String tenantId, int max) {
        return records.list(tenantId, SCAN, 0, Math.max(1, Math.min(max, KEPT_SCANS))).stream()
                .map(entry -> JSON.fromJson(entry.json(), ScanRecord.class)).toList();
    }

    /** The tenant's newest days (each its last scan that day), newest first; at most {@code max}. */
    public List<Trends.Day> days(String tenantId, int max) {
        return records.query(RecordQuery.of(DAILY).inTenant(tenantId).orderBy("day", true), 0,
                Math.max(1, Math.min(max, PluginRecords.PAGE))).stream()
                .map(found -> JSON.fromJson(found.json(), Trends.Day.class)).toList();
    }

    /** The tenant's latest posture as last written; empty before it was. */
    public Optional<LatestPosture> latestPosture(String tenantId) {
        return records.get(tenantId, POSTURE.name(), LATEST).map(PostureStore::posture);
    }

    static LatestPosture posture(String json) {
        return JSON.fromJson(json, LatestPosture.class);
    }

    /**
     * Writes the tenant's latest posture and check results again from its newest scan and its exceptions on
     * {@code day}: after an exception was granted or withdrawn.
     */
    public void writeLatest(String tenantId, LocalDate day) {
        writeLatest(tenantId, day, null);
    }

    /**
     * Brings the tenant's latest posture up to date on {@code day} when it must be: written from the newest stored
     * scan (and its days from the stored scans) when there is none yet — a tenant never scanned, or scanned by an
     * earlier version of the plugin — or written again when its form is older, an exception applied in it lapsed, or
     * the tenant's name changed. Whoever writes it meanwhile (a scan) wins. Says what it did.
     */
    public String index(String tenantId, LocalDate day) {
        Optional<PluginRecords.Versioned> stored = records.getVersioned(tenantId, POSTURE.name(), LATEST);
        Optional<LatestPosture> current = stored.map(versioned -> posture(versioned.json()));
        Optional<PluginTenants.Tenant> tenant = tenants == null ? Optional.empty() : tenants.find(tenantId);
        String reason;
        if (current.isEmpty()) {
            reason = backfillDays(tenantId) ? "written from the stored scans" : "written";
        } else if (current.get().format() < LatestPosture.FORMAT) {
            reason = "written again in the current form";
        } else if (current.get().lapsedOn(day)) {
            reason = "written again: an exception lapsed";
        } else if (tenant.isPresent() && (!Objects.equals(tenant.get().displayName(), current.get().name())
                || !Objects.equals(tenant.get().primaryDomain(), current.get().domain()))) {
            reason = "written again with the tenant's new name";
        } else {
            return "up to date";
        }
        try {
            write(tenantId, day, Optional.empty(), stored.map(PluginRecords.Versioned::version).orElse(0L),
                    current, tenant);
            return reason;
        } catch (RecordConflictException e) {
            return "written meanwhile by a scan";
        }
    }

    private void writeLatest(String tenantId, LocalDate day, ScanRecord scanned) {
        Optional<PluginTenants.Tenant> tenant = tenants == null ? Optional.empty() : tenants.find(tenantId);
        for (int attempt = 1;; attempt++) {
            Optional<PluginRecords.Versioned> stored = records.getVersioned(tenantId, POSTURE.name(), LATEST);
            try {
                // Written only at the version read: a scan and a change of an exception at once never lose either
                write(tenantId, day, attempt == 1 ? Optional.ofNullable(scanned) : Optional.empty(),
                        stored.map(PluginRecords.Versioned::version).orElse(0L),
                        stored.map(versioned -> posture(versioned.json())), tenant);
                return;
            } catch (RecordConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void write(String tenantId, LocalDate day, Optional<ScanRecord> scanned, long version,
            Optional<LatestPosture> before, Optional<PluginTenants.Tenant> tenant) {
        // The scan just made, unless the record already shows a later one (two scans at once): then the newest stored
        Optional<ScanRecord> scan = scanned.isPresent() && before.map(LatestPosture::scannedAt)
                .filter(shown -> shown.isAfter(scanned.get().scannedAt())).isEmpty() ? scanned : latest(tenantId);
        String name = tenant.map(PluginTenants.Tenant::displayName)
                .orElseGet(() -> before.map(LatestPosture::name).orElse(tenantId));
        String domain = tenant.map(PluginTenants.Tenant::primaryDomain)
                .orElseGet(() -> before.map(LatestPosture::domain).orElse(""));
        LatestPosture latest = LatestPosture.of(tenantId, name, domain, scan, exceptions(tenantId), day);
        records.replace(tenantId, POSTURE, LATEST, JSON.toJson(latest), latest.fields(), version);
        // Only the results that changed are written: a scan that finds what the last one found writes none of them
        Map<String, String> stored = new HashMap<>();
        records.query(RecordQuery.of(CHECK_RESULT).inTenant(tenantId), 0, PluginRecords.PAGE)
                .forEach(result -> stored.put(result.key(), result.json()));
        latest.cells().forEach((checkId, status) -> {
            String json = JSON.toJson(new CheckCell(checkId, status));
            if (!json.equals(stored.get(checkId))) {
                records.put(tenantId, CHECK_RESULT, checkId, json, latest.checkFields(checkId));
            }
        });
        stored.keySet().stream().filter(checkId -> !latest.cells().containsKey(checkId))
                .forEach(gone -> records.delete(tenantId, CHECK_RESULT.name(), gone));
    }

    /** What a {@link #CHECK_RESULT} record holds: the check and what it shows. */
    public record CheckCell(String check, String status) {
    }

    /** Writes the tenant's days from its stored scans when it has none; whether there were scans. */
    private boolean backfillDays(String tenantId) {
        List<ScanRecord> scans = history(tenantId, KEPT_SCANS);
        if (scans.isEmpty() || records.count(tenantId, DAILY.name()) > 0) {
            return !scans.isEmpty();
        }
        Map<LocalDate, ScanRecord> lastOfDay = new LinkedHashMap<>();
        for (ScanRecord scan : scans) {
            lastOfDay.merge(LocalDate.ofInstant(scan.scannedAt(), ZoneOffset.UTC), scan,
                    (one, other) -> one.scannedAt().isAfter(other.scannedAt()) ? one : other);
        }
        lastOfDay.values().forEach(scan -> putDay(tenantId, Trends.Day.of(scan)));
        return true;
    }

    private void putDay(String tenantId, Trends.Day day) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("day", start(day.day()));
        fields.put("day-pass-rate", day.passRate() == null ? null : Trends.encode(day.day(), day.passRate()));
        fields.put("day-score", day.secureScore() == null ? null : Trends.encode(day.day(), day.secureScore()));
        records.put(tenantId, DAILY, day.day().toString(), JSON.toJson(day), fields);
    }

    static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
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
