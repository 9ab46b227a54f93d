package dev.tenantry.plugins.secure.history;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Posture over time as Chart.js line charts for PrimeFaces' {@code p:chart}: a tenant's pass rate and Secure Score per
 * day, and the fleet's average over the tenants scanned by then. A day shows the last scan made on or before it.
 */
public final class Trends {

    private Trends() {
    }

    /** One day of a trend: the value, or empty when nothing was scanned by then. */
    public record Point(LocalDate day, OptionalDouble value) {
    }

    /** Daily values of {@code measure} over the {@code days} days up to {@code today}, from one tenant's scans. */
    public static List<Point> daily(List<ScanRecord> history, Function<ScanRecord, Optional<Integer>> measure,
            int days, LocalDate today) {
        return fleet(List.of(history), measure, days, today);
    }

    /** Daily averages over the tenants of {@code histories} that had been scanned by each day. */
    public static List<Point> fleet(Collection<List<ScanRecord>> histories,
            Function<ScanRecord, Optional<Integer>> measure, int days, LocalDate today) {
        List<Point> points = new ArrayList<>();
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            OptionalDouble average = histories.stream()
                    .map(history -> history.stream().filter(scan -> scan.scannedAt().isBefore(end))
                            .max(Comparator.comparing(ScanRecord::scannedAt)).flatMap(measure))
                    .flatMap(Optional::stream).mapToInt(Integer::intValue).average();
            points.add(new Point(day, average));
        }
        return points;
    }

    /** A Chart.js line chart (0–100 %) of the named series, which share their days. */
    public static String chart(List<String> names, List<List<Point>> series) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        if (!series.isEmpty()) {
            series.get(0).forEach(point -> labels.add(point.day().toString()));
        }
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        String[] colours = {"#2563eb", "#16a34a", "#dc2626", "#9333ea"};
        for (int i = 0; i < series.size(); i++) {
            JsonArrayBuilder data = Json.createArrayBuilder();
            for (Point point : series.get(i)) {
                if (point.value().isPresent()) {
                    data.add(Math.round(point.value().getAsDouble() * 10) / 10.0);
                } else {
                    data.addNull();
                }
            }
            datasets.add(Json.createObjectBuilder().add("label", names.get(i)).add("data", data)
                    .add("borderColor", colours[i % colours.length]).add("fill", false).add("spanGaps", true)
                    .add("tension", 0.2));
        }
        JsonObjectBuilder y = Json.createObjectBuilder().add("min", 0).add("max", 100)
                .add("title", Json.createObjectBuilder().add("display", true).add("text", "%"));
        return Json.createObjectBuilder().add("type", "line")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder().add("responsive", true).add("animation", false)
                        .add("scales", Json.createObjectBuilder().add("y", y)))
                .build().toString();
    }
}
