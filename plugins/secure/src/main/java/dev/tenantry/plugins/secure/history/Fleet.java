package dev.tenantry.plugins.secure.history;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet's posture from each tenant's last scan: one row per tenant with each check's status (exceptions applied on
 * the day shown), worst tenants first; and what the dashboard shows of it — tenants by posture and the checks most
 * tenants fail.
 */
public final class Fleet {

    /** At or above: good posture. */
    public static final int GOOD = 80;
    /** At or above (and under {@link #GOOD}): fair. */
    public static final int FAIR = 50;

    /** Never-scanned tenants last, then the lowest pass rate, the most failures, by name. */
    public static final Comparator<TenantRow> WORST_FIRST = Comparator
            .comparing((TenantRow row) -> row.passRate() == null)
            .thenComparing(row -> row.passRate() == null ? 0 : row.passRate())
            .thenComparing(TenantRow::failing, Comparator.reverseOrder())
            .thenComparing(TenantRow::name, String.CASE_INSENSITIVE_ORDER);

    private Fleet() {
    }

    /**
     * One tenant in the fleet view.
     *
     * @param scannedAt when it was last scanned; null when never
     * @param passRate  passed of evaluated, 0–100; null when never scanned or nothing could be evaluated
     * @param score     Secure Score as a share of its maximum; null when not read
     * @param cells     check id → what the check shows (PASS, FAIL, WARNING, ACCEPTED, SKIPPED, ERROR)
     */
    public record TenantRow(String tenantId, String name, String domain, Instant scannedAt, Integer passRate,
            Integer score, long failing, long accepted, Map<String, String> cells) implements Serializable {

        public TenantRow {
            cells = Map.copyOf(cells);
        }

        /** What check {@code checkId} shows for the tenant; empty when never scanned. */
        public String cell(String checkId) {
            return cells.getOrDefault(checkId, "");
        }

        /** good, fair, poor or unknown. */
        public String band() {
            return passRate == null ? "unknown" : passRate >= GOOD ? "good" : passRate >= FAIR ? "fair" : "poor";
        }
    }

    /** A check and how many tenants fail it. */
    public record FailingCheck(String checkId, String title, long tenants) implements Serializable {
    }

    /** The rows of {@code tenants}, worst first. */
    public static List<TenantRow> rows(List<PluginTenants.Tenant> tenants, PostureStore store, LocalDate day) {
        List<TenantRow> rows = new ArrayList<>();
        for (PluginTenants.Tenant tenant : tenants) {
            Optional<ScanRecord> latest = store.latest(tenant.id());
            if (latest.isEmpty()) {
                rows.add(new TenantRow(tenant.id(), tenant.displayName(), tenant.primaryDomain(), null, null, null, 0,
                        0, Map.of()));
                continue;
            }
            PostureReport report = PostureReport.of(latest.get(), Optional.empty(), store.exceptions(tenant.id()),
                    day);
            Map<String, String> cells = new LinkedHashMap<>();
            report.rows().forEach(row -> cells.put(row.id(), row.status()));
            rows.add(new TenantRow(tenant.id(), tenant.displayName(), tenant.primaryDomain(), latest.get().scannedAt(),
                    latest.get().passRate().orElse(null), latest.get().secureScorePercent().orElse(null),
                    report.failing(), report.accepted(), cells));
        }
        rows.sort(WORST_FIRST);
        return rows;
    }

    /** Tenants per band: good, fair, poor, unknown (in that order, every band present). */
    public static Map<String, Long> bands(List<TenantRow> rows) {
        Map<String, Long> bands = new LinkedHashMap<>();
        for (String band : List.of("good", "fair", "poor", "unknown")) {
            bands.put(band, rows.stream().filter(row -> row.band().equals(band)).count());
        }
        return bands;
    }

    /** The checks failing (or warning, not accepted) in the most tenants, most first; at most {@code max}. */
    public static List<FailingCheck> topFailing(List<TenantRow> rows, int max) {
        List<FailingCheck> failing = new ArrayList<>();
        for (PostureCheck check : PostureChecks.all()) {
            long tenants = rows.stream().filter(row -> row.cell(check.id()).equals("FAIL")
                    || row.cell(check.id()).equals("WARNING")).count();
            if (tenants > 0) {
                failing.add(new FailingCheck(check.id(), check.title(), tenants));
            }
        }
        failing.sort(Comparator.comparingLong(FailingCheck::tenants).reversed().thenComparing(FailingCheck::title));
        return failing.subList(0, Math.min(max, failing.size()));
    }
}
