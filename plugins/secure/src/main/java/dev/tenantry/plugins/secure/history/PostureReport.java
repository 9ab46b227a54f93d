package dev.tenantry.plugins.secure.history;

import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import dev.tenantry.plugins.secure.posture.Severity;
import dev.tenantry.plugins.secure.posture.Status;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A tenant's posture as a technician reads it: the last scan's checks with the tenant's exceptions applied on the day
 * shown (a failure under an exception that holds is "Accepted"; one whose exception expired fails again, saying so),
 * each with what changed since the scan before, failures and the most severe first.
 */
public record PostureReport(ScanRecord scan, List<Row> rows, List<Change> changes) implements Serializable {

    /** What a check showed: its result, or ACCEPTED for a failure the tenant accepted. */
    public enum Shown {
        FAIL, WARNING, ERROR, ACCEPTED, SKIPPED, PASS
    }

    /**
     * One check on the report.
     *
     * @param exception the tenant's exception for the check, holding or expired; null without one
     * @param before    the check's status at the scan before, or null when there was none or it did not change
     */
    public record Row(String id, String title, String severity, String area, String remediation, CheckResult result,
            Shown shown, PostureException exception, boolean exceptionExpired, Status before) implements Serializable {

        public String status() {
            return shown.name();
        }

        /** Whether a member of staff may accept it as a risk: it fails or warns now. */
        public boolean acceptable() {
            return result.status() == Status.FAIL || result.status() == Status.WARNING;
        }
    }

    /** A check whose status changed since the scan before. */
    public record Change(String checkId, String title, Status from, Status to) implements Serializable {

        /** Whether the tenant got better (to PASS from anything else) rather than worse. */
        public boolean better() {
            return to == Status.PASS;
        }
    }

    /** The report of {@code scan}, compared with {@code previous}, with {@code exceptions} applied on {@code day}. */
    public static PostureReport of(ScanRecord scan, Optional<ScanRecord> previous, List<PostureException> exceptions,
            LocalDate day) {
        Map<String, PostureException> byCheck = exceptions.stream()
                .collect(Collectors.toMap(PostureException::checkId, Function.identity(), (a, b) -> b));
        List<Row> rows = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (CheckResult result : scan.checks()) {
            Optional<PostureCheck> check = PostureChecks.find(result.checkId());
            String title = check.map(PostureCheck::title).orElse(result.checkId());
            PostureException exception = byCheck.get(result.checkId());
            boolean failing = result.status() == Status.FAIL || result.status() == Status.WARNING;
            boolean holds = exception != null && exception.holdsOn(day);
            Shown shown = failing && holds ? Shown.ACCEPTED : Shown.valueOf(result.status().name());
            Status before = previous.flatMap(earlier -> earlier.check(result.checkId())).map(CheckResult::status)
                    .filter(status -> status != result.status()).orElse(null);
            if (before != null) {
                changes.add(new Change(result.checkId(), title, before, result.status()));
            }
            rows.add(new Row(result.checkId(), title, check.map(c -> c.severity().name()).orElse(""),
                    check.map(PostureCheck::area).orElse(""), check.map(PostureCheck::remediation).orElse(""),
                    result, shown, exception, exception != null && !holds && failing, before));
        }
        rows.sort(Comparator.comparing(Row::shown).thenComparing(PostureReport::severityOrder)
                .thenComparing(Row::title));
        return new PostureReport(scan, List.copyOf(rows), List.copyOf(changes));
    }

    /** Checks accepted as risks on the day shown. */
    public long accepted() {
        return rows.stream().filter(row -> row.shown() == Shown.ACCEPTED).count();
    }

    /** Checks failing or warning on the day shown (accepted ones not counted). */
    public long failing() {
        return rows.stream().filter(row -> row.shown() == Shown.FAIL || row.shown() == Shown.WARNING).count();
    }

    private static int severityOrder(Row row) {
        return row.severity().isEmpty() ? Integer.MAX_VALUE : Severity.valueOf(row.severity()).ordinal();
    }
}
