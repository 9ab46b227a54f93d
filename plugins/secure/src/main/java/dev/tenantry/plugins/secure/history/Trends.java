package dev.tenantry.plugins.secure.history;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Posture over time as Chart.js line charts for PrimeFaces' {@code p:chart}: a tenant's pass rate and Secure Score per
 * day, from its daily summaries ({@link Day}: the day's last scan), a day without a scan showing the last scan before
 * it; and the fleet's average per day over the tenants scanned that day, from counts the database makes
 * ({@link #fleet}), never from every tenant's scans.
 */
public final class Trends {

    /** Values a day carries in one number ({@link #encode}): day × this + value. */
    static final long DAY = 1_000;

    private Trends() {
    }

    /** One day of a trend: the value, or empty when nothing was scanned by then. */
    public record Point(LocalDate day, OptionalDouble value) {
    }

    /**
     * One tenant's day as stored ({@link PostureStore#DAILY}): its last scan of the day.
     *
     * @param passRate    checks passed of those evaluated, 0–100; null when none could be evaluated
     * @param secureScore Secure Score as a share of its maximum, 0–100; null when not read
     */
    public record Day(LocalDate day, Integer passRate, Integer secureScore) implements java.io.Serializable {

        static Day of(ScanRecord scan) {
            return new Day(LocalDate.ofInstant(scan.scannedAt(), ZoneOffset.UTC), scan.passRate().orElse(null),
                    scan.secureScorePercent().orElse(null));
        }
    }

    /**
     * A day and a value 0–100 as one number, so that one count by it ({@code countBy}) gives every day's
     * distribution: at most {@value #DAY} values a day, whatever the number of tenants.
     */
    public static long encode(LocalDate day, int value) {
        return day.toEpochDay() * DAY + value;
    }

    /** Daily values of {@code measure} over the {@code days} days up to {@code today}, from one tenant's days. */
    public static List<Point> daily(List<Day> history, Function<Day, Integer> measure, int days, LocalDate today) {
        List<Point> points = new ArrayList<>();
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            LocalDate end = day;
            Optional<Integer> value = history.stream().filter(kept -> !kept.day().isAfter(end))
                    .max(Comparator.comparing(Day::day)).map(measure);
            points.add(new Point(day, value.map(OptionalDouble::of).orElse(OptionalDouble.empty())));
        }
        return points;
    }

    /**
     * Daily averages over the {@code days} days up to {@code today} from {@code counts}: how many tenants had each
     * {@linkplain #encode encoded} day and value (as {@code countBy} gives them). A day no tenant was scanned is a gap.
     */
    public static List<Point> fleet(Map<Object, Long> counts, int days, LocalDate today) {
        Map<Long, long[]> byDay = new HashMap<>();
        counts.forEach((encoded, tenants) -> {
            long value = ((Number) encoded).longValue();
            long[] sum = byDay.computeIfAbsent(Math.floorDiv(value, DAY), any -> new long[2]);
            sum[0] += Math.floorMod(value, DAY) * tenants;
            sum[1] += tenants;
        });
        List<Point> points = new ArrayList<>();
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            long[] sum = byDay.get(day.toEpochDay());
            points.add(new Point(day, sum == null || sum[1] == 0 ? OptionalDouble.empty()
                    : OptionalDouble.of((double) sum[0] / sum[1])));
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
