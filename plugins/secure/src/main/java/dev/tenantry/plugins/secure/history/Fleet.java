package dev.tenantry.plugins.secure.history;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The fleet's posture as one member of staff may see it, asked of the database: a page of tenants from their latest
 * posture ({@link PostureStore#POSTURE}) filtered and sorted there, its exact count, tenants per band, average pass
 * rate and Secure Score, the checks most tenants fail, and the fleet's trend. Each is a fixed number of queries
 * whatever the number of tenants; which tenants the person sees is the host's filter ({@code visibleWith}), worked out
 * once per request.
 */
public final class Fleet {

    /** Never-scanned tenants last, then the lowest pass rate, the most failures, by name. */
    static final List<Order> WORST_FIRST = List.of(new Order("pass-rate", false), new Order("failing", true),
            new Order("name", false));

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private final PluginRecords records;
    private final PluginTenants tenants;
    private final String permission;

    /**
     * The fleet the person of the request sees with {@code permission}.
     *
     * @param tenants names the tenants of a page ({@link PluginTenants#named}), never lists them all
     */
    public Fleet(PluginRecords records, PluginTenants tenants, String permission) {
        this.records = records;
        this.tenants = tenants;
        this.permission = permission;
    }

    /**
     * Which tenants to list; each part left empty (or 0) asks nothing.
     *
     * @param search             in the tenant's name or primary domain, whatever the case
     * @param status             {@link LatestPosture#STATUSES one of the statuses}
     * @param band               good, fair, poor or unknown
     * @param failingCheck       a check the tenant fails (or warns on), not accepted
     * @param notScannedForDays  last scanned longer ago than this many days
     */
    public record Filter(String search, String status, String band, String failingCheck, int notScannedForDays)
            implements Serializable {

        /** Every tenant. */
        public static final Filter NONE = new Filter("", "", "", "", 0);
    }

    /** One key of the order: a field of {@link PostureStore#POSTURE}. */
    public record Order(String field, boolean descending) implements Serializable {
    }

    /**
     * One tenant in the fleet view.
     *
     * @param name      the tenant's name now
     * @param scannedAt when it was last scanned; null when never
     * @param passRate  passed of evaluated, 0–100; null when never scanned or nothing could be evaluated
     * @param score     Secure Score as a share of its maximum; null when not read
     * @param status    {@link LatestPosture#STATUSES one of the statuses}
     * @param cells     check id → what the check shows (PASS, FAIL, WARNING, ACCEPTED, SKIPPED, ERROR)
     */
    public record TenantRow(String tenantId, String name, String domain, Instant scannedAt, Integer passRate,
            Integer score, long failing, long critical, long accepted, String status, Map<String, String> cells)
            implements Serializable {

        public TenantRow {
            cells = Map.copyOf(cells);
        }

        /** What check {@code checkId} shows for the tenant; empty when never scanned. */
        public String cell(String checkId) {
            return cells.getOrDefault(checkId, "");
        }

        /** good, fair, poor or unknown. */
        public String band() {
            return LatestPosture.band(passRate);
        }

        /** When it was last scanned, to the minute (UTC); "–" when never. */
        public String scanned() {
            return scannedAt == null ? "–" : MINUTES.format(scannedAt);
        }
    }

    /** A check and how many tenants fail it. */
    public record FailingCheck(String checkId, String title, long tenants) implements Serializable {
    }

    /**
     * The fleet at a glance.
     *
     * @param bands              tenants per band: good, fair, poor, unknown (in that order, every band present)
     * @param averagePassRate    over the tenants with a pass rate; empty when none has one
     * @param averageSecureScore over the tenants whose Secure Score was read; empty when none
     */
    public record Summary(long tenants, Map<String, Long> bands, OptionalDouble averagePassRate,
            OptionalDouble averageSecureScore) implements Serializable {
    }

    /** The query of the tenants {@code filter} lists, at {@code now}. */
    public RecordQuery query(Filter filter, Instant now) {
        RecordQuery query = RecordQuery.of(PostureStore.POSTURE).visibleWith(permission)
                .contains("search", filter.search());
        if (!blank(filter.status())) {
            query = query.equal("status", filter.status());
        }
        if (!blank(filter.band())) {
            query = query.equal("band", filter.band());
        }
        if (!blank(filter.failingCheck())) {
            query = query.contains("failing-checks", "," + filter.failingCheck() + ",");
        }
        if (filter.notScannedForDays() > 0) {
            query = query.below("scanned-at", now.minus(Duration.ofDays(filter.notScannedForDays())));
        }
        return query;
    }

    /**
     * A page of the tenants {@code filter} lists, in {@code order} (worst first when empty), named as they are now:
     * two queries.
     */
    public List<TenantRow> page(Filter filter, List<Order> order, int first, int max, Instant now) {
        RecordQuery query = query(filter, now);
        for (Order by : order.isEmpty() ? WORST_FIRST : order) {
            query = query.orderBy(by.field(), by.descending());
        }
        List<LatestPosture> page = records.query(query, first, max).stream()
                .map(found -> PostureStore.posture(found.json())).toList();
        Map<String, PluginTenants.Tenant> named = page.isEmpty() ? Map.of()
                : tenants.named(page.stream().map(LatestPosture::tenantId).toList());
        return page.stream().map(latest -> row(latest, Optional.ofNullable(named.get(latest.tenantId())))).toList();
    }

    /** How many tenants {@code filter} lists, exactly. */
    public long count(Filter filter, Instant now) {
        return records.count(query(filter, now));
    }

    /** The ids of every tenant listed, a page of the database at a time: for work over them, not for a page. */
    public List<String> tenantIds() {
        RecordQuery query = query(Filter.NONE, Instant.now()).orderBy("name", false);
        List<String> ids = new ArrayList<>();
        List<PluginRecords.Found> page;
        do {
            page = records.query(query, ids.size(), PluginRecords.PAGE);
            page.forEach(found -> ids.add(found.tenantId()));
        } while (page.size() == PluginRecords.PAGE);
        return ids;
    }

    /** Tenants per band, and the average pass rate and Secure Score: three counts. */
    public Summary summary() {
        RecordQuery visible = query(Filter.NONE, Instant.now());
        Map<String, Long> bands = bands(visible);
        return new Summary(bands.values().stream().mapToLong(Long::longValue).sum(), bands,
                average(records.countBy(visible, "pass-rate")), average(records.countBy(visible, "secure-score")));
    }

    /** Tenants per band: good, fair, poor, unknown (in that order, every band present); one count. */
    public Map<String, Long> bands() {
        return bands(query(Filter.NONE, Instant.now()));
    }

    private Map<String, Long> bands(RecordQuery visible) {
        Map<Object, Long> byBand = records.countBy(visible, "band");
        Map<String, Long> bands = new LinkedHashMap<>();
        LatestPosture.BANDS.forEach(band -> bands.put(band, byBand.getOrDefault(band, 0L)));
        return bands;
    }

    /** How many tenants fail (or warn on, not accepted) each check that any fails; one count. */
    public Map<String, Long> failingByCheck() {
        Map<String, Long> failing = new LinkedHashMap<>();
        records.countBy(RecordQuery.of(PostureStore.CHECK_RESULT).visibleWith(permission)
                .in("status", List.of("FAIL", "WARNING")), "check")
                .forEach((check, tenantCount) -> failing.put((String) check, tenantCount));
        return failing;
    }

    /** The checks failing (or warning, not accepted) in the most tenants, most first; at most {@code max}. */
    public List<FailingCheck> topFailing(int max) {
        List<FailingCheck> failing = new ArrayList<>();
        failingByCheck().forEach((checkId, tenantCount) -> failing.add(new FailingCheck(checkId,
                PostureChecks.find(checkId).map(PostureCheck::title).orElse(checkId), tenantCount)));
        failing.sort(Comparator.comparingLong(FailingCheck::tenants).reversed().thenComparing(FailingCheck::title));
        return failing.subList(0, Math.min(max, failing.size()));
    }

    /**
     * The fleet's average pass rate and Secure Score for each of the {@code days} days up to {@code today}, over the
     * tenants scanned that day: one count per measure.
     */
    public Map<String, List<Trends.Point>> trend(int days, LocalDate today) {
        RecordQuery window = RecordQuery.of(PostureStore.DAILY).visibleWith(permission)
                .atLeast("day", PostureStore.start(today.minusDays(days - 1L)));
        Map<String, List<Trends.Point>> trend = new LinkedHashMap<>();
        trend.put("pass-rate", Trends.fleet(records.countBy(window, "day-pass-rate"), days, today));
        trend.put("secure-score", Trends.fleet(records.countBy(window, "day-score"), days, today));
        return trend;
    }

    private static TenantRow row(LatestPosture latest, Optional<PluginTenants.Tenant> tenant) {
        return new TenantRow(latest.tenantId(), tenant.map(PluginTenants.Tenant::displayName).orElse(latest.name()),
                tenant.map(PluginTenants.Tenant::primaryDomain).orElse(latest.domain()), latest.scannedAt(),
                latest.passRate(), latest.secureScore(), latest.failing(), latest.critical(), latest.accepted(),
                latest.status(), latest.cells());
    }

    private static OptionalDouble average(Map<Object, Long> counts) {
        long tenantCount = counts.values().stream().mapToLong(Long::longValue).sum();
        if (tenantCount == 0) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (Map.Entry<Object, Long> value : counts.entrySet()) {
            sum += ((Number) value.getKey()).doubleValue() * value.getValue();
        }
        return OptionalDouble.of(sum / tenantCount);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
