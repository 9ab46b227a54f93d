package dev.tenantry.plugins.secure.history;

import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import dev.tenantry.plugins.secure.posture.Severity;
import dev.tenantry.plugins.secure.posture.Status;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A tenant's posture as the fleet lists it: what its last scan shows with the exceptions that held when it was written,
 * kept as one record per tenant ({@link PostureStore#POSTURE}) so that the fleet and the dashboard filter, sort and
 * count tenants in the database instead of reading their scans. Written at each scan, when an exception is granted or
 * withdrawn, and by the index job (a tenant without one, an exception that lapsed, a renamed tenant).
 *
 * @param format      the version of this record's form; one older than {@link #FORMAT} is written again
 * @param name        the tenant's name when written (pages show the name of now; this one sorts and finds)
 * @param scannedAt   when the scan was made; null when the tenant was never scanned
 * @param passRate    checks passed of those evaluated, 0–100; null when never scanned or none could be evaluated
 * @param secureScore Secure Score as a share of its maximum, 0–100; null when not read
 * @param failing     checks failing or warning, not accepted
 * @param critical    of those, the ones of high severity
 * @param status      {@link #OK}, {@link #ERROR}, {@link #CONSENT_MISSING} or {@link #NOT_SCANNED}
 * @param cells       check id → what it shows (PASS, FAIL, WARNING, ACCEPTED, SKIPPED, ERROR)
 * @param reviewOn    the first day an exception applied here no longer holds: from then on the record is out of date;
 *                    null when none is applied
 */
public record LatestPosture(int format, String tenantId, String name, String domain, Instant scannedAt,
        Integer passRate, Integer secureScore, long failing, long critical, long accepted, String status,
        Map<String, String> cells, LocalDate reviewOn) implements Serializable {

    /** The form written now. */
    public static final int FORMAT = 1;

    /** Scanned, and every check could be read. */
    public static final String OK = "ok";
    /** Scanned, and reading what a check needs failed (throttling, an outage). */
    public static final String ERROR = "error";
    /** Scanned, and a check was skipped because a scope set is not granted. */
    public static final String CONSENT_MISSING = "consent-missing";
    /** Not scanned yet. */
    public static final String NOT_SCANNED = "not-scanned";
    /** The statuses, in the order a page offers them. */
    public static final List<String> STATUSES = List.of(OK, ERROR, CONSENT_MISSING, NOT_SCANNED);

    /** At or above: good posture. */
    public static final int GOOD = 80;
    /** At or above (and under {@link #GOOD}): fair. */
    public static final int FAIR = 50;
    /** The bands, in the order a page shows them. */
    public static final List<String> BANDS = List.of("good", "fair", "poor", "unknown");

    public LatestPosture {
        cells = cells == null ? Map.of() : Map.copyOf(cells);
    }

    /**
     * The posture {@code scan} shows with {@code exceptions} applied on {@code day}; a tenant never scanned when
     * {@code scan} is empty.
     */
    public static LatestPosture of(String tenantId, String name, String domain, Optional<ScanRecord> scan,
            List<PostureException> exceptions, LocalDate day) {
        if (scan.isEmpty()) {
            return new LatestPosture(FORMAT, tenantId, name, domain, null, null, null, 0, 0, 0, NOT_SCANNED, Map.of(),
                    null);
        }
        PostureReport report = PostureReport.of(scan.get(), Optional.empty(), exceptions, day);
        Map<String, String> cells = new LinkedHashMap<>();
        long critical = 0;
        LocalDate reviewOn = null;
        for (PostureReport.Row row : report.rows()) {
            cells.put(row.id(), row.status());
            if (failing(row.shown()) && Severity.HIGH.name().equals(row.severity())) {
                critical++;
            }
            if (row.shown() == PostureReport.Shown.ACCEPTED) {
                LocalDate lapses = row.exception().expires().plusDays(1);
                reviewOn = reviewOn == null || lapses.isBefore(reviewOn) ? lapses : reviewOn;
            }
        }
        List<CheckResult> checks = scan.get().checks();
        String status = checks.stream().anyMatch(check -> check.status() == Status.ERROR) ? ERROR
                : checks.stream().anyMatch(check -> check.status() == Status.SKIPPED && !check.scopeSet().isEmpty())
                        ? CONSENT_MISSING : OK;
        return new LatestPosture(FORMAT, tenantId, name, domain, scan.get().scannedAt(),
                scan.get().passRate().orElse(null), scan.get().secureScorePercent().orElse(null), report.failing(),
                critical, report.accepted(), status, cells, reviewOn);
    }

    /** good, fair, poor or unknown, by the pass rate. */
    public String band() {
        return band(passRate);
    }

    static String band(Integer passRate) {
        return passRate == null ? "unknown" : passRate >= GOOD ? "good" : passRate >= FAIR ? "fair" : "poor";
    }

    /** Whether the record no longer shows the tenant as it is on {@code day}: an exception applied here lapsed. */
    public boolean lapsedOn(LocalDate day) {
        return reviewOn != null && !day.isBefore(reviewOn);
    }

    /**
     * The values of {@link PostureStore#POSTURE}'s fields. The failing checks are one text, each id between commas
     * ({@code ",admin-mfa,branding,"}), so that "tenants failing a check" is {@code contains(",<id>,")}.
     */
    Map<String, Object> fields() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("name", cut(name.toLowerCase(Locale.ROOT)));
        fields.put("search", cut((name + " " + domain).toLowerCase(Locale.ROOT)));
        fields.put("status", status);
        fields.put("band", band());
        fields.put("failing-checks", failingChecks());
        fields.put("pass-rate", passRate);
        fields.put("secure-score", secureScore);
        fields.put("failing", failing);
        fields.put("critical", critical);
        fields.put("scanned-at", scannedAt);
        return fields;
    }

    String failingChecks() {
        return cells.entrySet().stream().filter(cell -> failing(PostureReport.Shown.valueOf(cell.getValue())))
                .map(Map.Entry::getKey).sorted().collect(Collectors.joining(",", ",", ","));
    }

    /** The values of {@link PostureStore#CHECK_RESULT}'s fields for one check. */
    Map<String, Object> checkFields(String checkId) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("check", checkId);
        fields.put("status", cells.get(checkId));
        fields.put("severity", PostureChecks.find(checkId).map(PostureCheck::severity).map(LatestPosture::weight)
                .orElse(null));
        return fields;
    }

    /** High 3, medium 2, low 1: the more severe, the greater. */
    static long weight(Severity severity) {
        return Severity.values().length - severity.ordinal();
    }

    static boolean failing(PostureReport.Shown shown) {
        return shown == PostureReport.Shown.FAIL || shown == PostureReport.Shown.WARNING;
    }

    /** Text a field holds: at most {@value RecordKind#MAX_TEXT_LENGTH} characters, never half a character. */
    static String cut(String text) {
        if (text.length() <= RecordKind.MAX_TEXT_LENGTH) {
            return text;
        }
        int end = RecordKind.MAX_TEXT_LENGTH;
        return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
    }
}
