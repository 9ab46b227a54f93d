package dev.tenantry.emulator.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults for every request, as a benchmark sets them: from code, from command-line options and from a properties file,
 * under the same names ({@link #KEYS}). Tenant-specific faults for one test are {@link Faults}' rules instead.
 *
 * @param latency          added to every round trip: sign-in and token endpoints, Microsoft Graph, Exchange Online
 * @param latencyJitter    up to this much more, drawn per request from {@code seed}
 * @param tenantBudget     each application's request budget in each tenant (Graph and Exchange each count their
 *                         own); beyond it 429 with {@code Retry-After} until the window ends; null: none
 * @param tenantConcurrency requests each application may have in flight in each tenant; one more gets 429 with
 *                         {@code Retry-After}; 0: no limit
 * @param throttleRate     share of Graph and Exchange requests answered 429 with {@code Retry-After}
 * @param unavailableRate  share answered 503 with {@code Retry-After}
 * @param retryAfter       the {@code Retry-After} of those rates and of the concurrency limit (whole seconds, at
 *                         least 1)
 * @param throttledTenants which tenants the budget, the concurrency limit and the rates apply to
 * @param seed             what the rates, the jitter and a share of tenants are drawn from: the same seed gives the
 *                         same faults to the same tenant's n-th request
 */
public record FaultSettings(Duration latency, Duration latencyJitter, Budget tenantBudget, int tenantConcurrency,
        double throttleRate, double unavailableRate, Duration retryAfter, TenantSelection throttledTenants,
        long seed) {

    /** No faults at all. */
    public static final FaultSettings NONE = new FaultSettings(Duration.ZERO, Duration.ZERO, null, 0, 0, 0,
            Duration.ofSeconds(1), TenantSelection.ALL, 0);

    /** The option and property names, in the order {@code --help} lists them. */
    public static final List<String> KEYS = List.of("latency", "latency-jitter", "tenant-budget", "tenant-concurrency",
            "throttle-rate", "unavailable-rate", "retry-after", "throttle-tenants", "fault-seed");

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");
    private static final Pattern BUDGET = Pattern.compile("(\\d+)\\s*/\\s*(\\d+(?:\\.\\d+)?)?\\s*(ms|s|m|min|h)");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");

    public FaultSettings {
        requireNotNegative(latency, "latency");
        requireNotNegative(latencyJitter, "latency-jitter");
        requireNotNegative(retryAfter, "retry-after");
        if (tenantConcurrency < 0) {
            throw new IllegalArgumentException("tenant-concurrency is a number of requests, 0 for no limit");
        }
        requireRate(throttleRate, "throttle-rate");
        requireRate(unavailableRate, "unavailable-rate");
        if (throttleRate + unavailableRate > 1) {
            throw new IllegalArgumentException("throttle-rate and unavailable-rate add up to more than 1");
        }
        throttledTenants = throttledTenants == null ? TenantSelection.ALL : throttledTenants;
    }

    /**
     * A request budget: {@code requests} per {@code window}, written {@code 4/s}, {@code 100/10s} or
     * {@code 10000/10min}.
     */
    public record Budget(int requests, Duration window) {

        public Budget {
            if (requests < 1 || window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("a budget is at least one request per a positive window");
            }
        }

        public static Budget parse(String text) {
            Matcher matcher = BUDGET.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new IllegalArgumentException("takes REQUESTS/WINDOW such as 4/s, 100/10s or 10000/10min, not '"
                        + text + "'");
            }
            String count = matcher.group(2) == null ? "1" : matcher.group(2);
            return new Budget(Integer.parseInt(matcher.group(1)), duration(count, matcher.group(3)));
        }

        @Override
        public String toString() {
            return requests + "/" + format(window);
        }
    }

    /**
     * Which tenants are throttled: all, those named (ids or verified domains), or a share of them drawn from the seed.
     */
    public record TenantSelection(List<String> tenants, double share) {

        public static final TenantSelection ALL = new TenantSelection(null, 1);

        public TenantSelection {
            tenants = tenants == null ? null : List.copyOf(tenants);
            requireRate(share, "the share of tenants");
        }

        /** {@code all}, {@code 10%} or a comma-separated list of tenant ids or domains. */
        public static TenantSelection parse(String text) {
            String value = text.trim();
            if (value.equalsIgnoreCase("all")) {
                return ALL;
            }
            Matcher percent = PERCENT.matcher(value);
            if (percent.matches()) {
                double share = Double.parseDouble(percent.group(1)) / 100;
                if (share > 1) {
                    throw new IllegalArgumentException("takes a share of at most 100%, not '" + text + "'");
                }
                return new TenantSelection(null, share);
            }
            List<String> names = new ArrayList<>();
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("takes all, a share such as 10%, or tenant ids or domains "
                        + "separated by commas");
            }
            return new TenantSelection(names, 1);
        }

        @Override
        public String toString() {
            return tenants != null ? String.join(",", tenants) : share >= 1 ? "all"
                    : BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString() + "%";
        }
    }

    /**
     * Settings from {@code values} (option or property name to text), on top of {@code base}; error messages start
     * with {@code source} (a file; null for none) and name each key as {@code keyPrefix + key} ({@code --latency}).
     *
     * @throws IllegalArgumentException naming the source, the key and what it takes, for an unknown key or a bad value
     */
    public static FaultSettings parse(Map<String, String> values, FaultSettings base, String source,
            String keyPrefix) {
        String from = source == null ? "" : source + ": ";
        Map<String, String> merged = new LinkedHashMap<>(base.asMap());
        values.forEach((key, value) -> {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(from + "unknown fault setting '" + keyPrefix + key
                        + "' (known: " + String.join(", ", KEYS) + ")");
            }
            merged.put(key, value);
        });
        try {
            return new FaultSettings(
                    value(merged, "latency", FaultSettings::parseDuration, from, keyPrefix),
                    value(merged, "latency-jitter", FaultSettings::parseDuration, from, keyPrefix),
                    value(merged, "tenant-budget", text -> text.equalsIgnoreCase("none") ? null : Budget.parse(text),
                            from, keyPrefix),
                    value(merged, "tenant-concurrency", FaultSettings::parseCount, from, keyPrefix),
                    value(merged, "throttle-rate", FaultSettings::parseRate, from, keyPrefix),
                    value(merged, "unavailable-rate", FaultSettings::parseRate, from, keyPrefix),
                    value(merged, "retry-after", FaultSettings::parseDuration, from, keyPrefix),
                    value(merged, "throttle-tenants", TenantSelection::parse, from, keyPrefix),
                    value(merged, "fault-seed", FaultSettings::parseSeed, from, keyPrefix));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(from) ? e : new IllegalArgumentException(from + e.getMessage(), e);
        }
    }

    /** The settings under their option names, as {@link #parse} reads them. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("latency", format(latency));
        map.put("latency-jitter", format(latencyJitter));
        map.put("tenant-budget", tenantBudget == null ? "none" : tenantBudget.toString());
        map.put("tenant-concurrency", String.valueOf(tenantConcurrency));
        map.put("throttle-rate", BigDecimal.valueOf(throttleRate).stripTrailingZeros().toPlainString());
        map.put("unavailable-rate", BigDecimal.valueOf(unavailableRate).stripTrailingZeros().toPlainString());
        map.put("retry-after", format(retryAfter));
        map.put("throttle-tenants", throttledTenants.toString());
        map.put("fault-seed", String.valueOf(seed));
        return map;
    }

    /** Whether any request would meet one of these faults. */
    public boolean any() {
        return !latency.isZero() || !latencyJitter.isZero() || tenantBudget != null || tenantConcurrency > 0
                || throttleRate > 0 || unavailableRate > 0;
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T value(Map<String, String> values, String key, Parser<T> parser, String from,
            String keyPrefix) {
        String text = values.get(key);
        try {
            return parser.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(from + keyPrefix + key + " " + e.getMessage(), e);
        }
    }

    /** {@code 100ms}, {@code 1.5s}, {@code 2min}, {@code 1h}; a bare number is milliseconds. */
    public static Duration parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("takes a duration such as 100ms, 1.5s or 2min, not '" + text + "'");
        }
        return duration(matcher.group(1), matcher.group(2) == null ? "ms" : matcher.group(2));
    }

    private static Duration duration(String amount, String unit) {
        BigDecimal millis = new BigDecimal(amount).multiply(BigDecimal.valueOf(switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            default -> 3_600_000;
        }));
        return Duration.ofNanos(millis.multiply(BigDecimal.valueOf(1_000_000)).longValue());
    }

    private static String format(Duration duration) {
        if (duration.isZero()) {
            return "0ms";
        }
        if (duration.toMillis() % 1000 == 0 && duration.toNanos() % 1_000_000 == 0) {
            long seconds = duration.toSeconds();
            return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "min"
                    : seconds + "s";
        }
        return BigDecimal.valueOf(duration.toNanos()).movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
    }

    private static int parseCount(String text) {
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("takes a number of requests (0 for no limit), not '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private static double parseRate(String text) {
        try {
            double rate = Double.parseDouble(text);
            requireRate(rate, "");
            return rate;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("takes a share of requests between 0 and 1 such as 0.01, not '" + text
                    + "'");
        }
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("takes a whole number, not '" + text + "'");
        }
    }

    private static void requireNotNegative(Duration duration, String name) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(name + " is a duration of zero or more");
        }
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " is between 0 and 1");
        }
    }
}
