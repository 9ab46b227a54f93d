package dev.tenantry.emulator.http;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Failures on demand. For every request ({@link FaultSettings}, what a benchmark sets): added latency on every round
 * trip, and for Microsoft Graph and Exchange Online a request budget and a limit of requests in flight for each
 * application in each tenant (throttled as Microsoft throttles: per tenant, per application), and shares of requests
 * answered 429 or 503, drawn from a seed. For some requests (rules, what a test sets): latency, 429, 503, 504 or a
 * dropped connection per tenant and/or path, for N requests or always; and request budgets of single tenants.
 *
 * <p>Paths are Graph's without {@code /v1.0} ({@code /users}), Exchange's admin API's ({@code /adminapi/...}) and the
 * identity platform's after the tenant segment ({@code /oauth2/v2.0/token}). Failures apply to Graph and Exchange only;
 * latency to every request, once per round trip (a {@code $batch} waits once).
 */
public final class Faults {

    /** What a matching request suffers. */
    public enum Kind { LATENCY, THROTTLE, SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT, DROP_CONNECTION }

    /**
     * A fault rule. {@code tenant} and {@code pathPrefix} null match everything; {@code remaining} counts down (a
     * negative value never runs out).
     */
    public record Rule(Kind kind, String tenant, String pathPrefix, Duration amount, AtomicInteger remaining) {

        boolean matches(String tenantId, String path) {
            return (tenant == null || tenant.equalsIgnoreCase(tenantId))
                    && (pathPrefix == null || path.regionMatches(true, 0, pathPrefix, 0, pathPrefix.length()))
                    && remaining.get() != 0;
        }
    }

    /** The fault a request gets, if any. */
    public record Decision(Kind kind, Duration amount) {
    }

    /**
     * Whether a request was let in under the limit of requests in flight; {@link #release()} when it has been answered.
     */
    public static final class Admission {
        private static final Admission FREE = new Admission(null, null);
        private final AtomicInteger inFlight;
        private final Decision refusal;

        private Admission(AtomicInteger inFlight, Decision refusal) {
            this.inFlight = inFlight;
            this.refusal = refusal;
        }

        /** The 429 the request gets instead of an answer, when the limit was reached. */
        public Optional<Decision> refusal() {
            return Optional.ofNullable(refusal);
        }

        public void release() {
            if (inFlight != null) {
                inFlight.decrementAndGet();
            }
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, FaultSettings.Budget> tenantBudgets = new ConcurrentHashMap<>();
    private final Map<String, Integer> tenantConcurrency = new ConcurrentHashMap<>();
    private final FixedWindows windows;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requestCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> roundTripCounts = new ConcurrentHashMap<>();
    private final Function<String, Optional<String>> tenantIds;
    private volatile FaultSettings settings = FaultSettings.NONE;
    private volatile Set<String> throttledTenantIds;
    private final TeamsLimits teamsLimits;
    private volatile boolean teamsLimitsOn;

    public Faults(Clock clock) {
        this(clock, name -> Optional.of(name.toLowerCase(Locale.ROOT)));
    }

    /** {@code tenantIds} resolves a tenant named in settings (id or verified domain) to its id. */
    public Faults(Clock clock, Function<String, Optional<String>> tenantIds) {
        this.tenantIds = tenantIds;
        this.windows = new FixedWindows(clock);
        this.teamsLimits = new TeamsLimits(clock);
    }

    /**
     * Sets the faults of every request, replacing the previous settings (rules and single tenants' budgets stay).
     *
     * @throws IllegalArgumentException when the settings name a tenant that does not exist
     */
    public Faults apply(FaultSettings settings) {
        Set<String> ids = null;
        if (settings.throttledTenants().tenants() != null) {
            ids = new LinkedHashSet<>();
            for (String name : settings.throttledTenants().tenants()) {
                ids.add(tenantIds.apply(name).orElseThrow(() -> new IllegalArgumentException(
                        "throttle-tenants names " + name + ", which is no tenant's id or domain")));
            }
        }
        this.throttledTenantIds = ids;
        this.settings = settings;
        return this;
    }

    public FaultSettings settings() {
        return settings;
    }

    /** Adds latency to every round trip (sign-in, token, Graph and Exchange requests). */
    public Faults latency(Duration latency) {
        return apply(new FaultSettings(latency, settings.latencyJitter(), settings.tenantBudget(),
                settings.tenantConcurrency(), settings.throttleRate(), settings.unavailableRate(),
                settings.retryAfter(), settings.throttledTenants(), settings.seed()));
    }

    /** Gives each application in each (throttled) tenant a budget of {@code requests} per {@code window}. */
    public Faults budget(int requests, Duration window) {
        return apply(new FaultSettings(settings.latency(), settings.latencyJitter(),
                new FaultSettings.Budget(requests, window), settings.tenantConcurrency(), settings.throttleRate(),
                settings.unavailableRate(), settings.retryAfter(), settings.throttledTenants(), settings.seed()));
    }

    /** Lets each application have at most {@code requests} requests in flight in each (throttled) tenant. */
    public Faults concurrency(int requests) {
        return apply(new FaultSettings(settings.latency(), settings.latencyJitter(), settings.tenantBudget(),
                requests, settings.throttleRate(), settings.unavailableRate(), settings.retryAfter(),
                settings.throttledTenants(), settings.seed()));
    }

    /** Answers these shares of Graph and Exchange requests 429 and 503, drawn from {@code seed}. */
    public Faults rates(double throttleRate, double unavailableRate, long seed) {
        return apply(new FaultSettings(settings.latency(), settings.latencyJitter(), settings.tenantBudget(),
                settings.tenantConcurrency(), throttleRate, unavailableRate, settings.retryAfter(),
                settings.throttledTenants(), seed));
    }

    /** Adds a rule; {@code times} below zero means for every matching request. */
    public Faults add(Kind kind, String tenant, String pathPrefix, Duration amount, int times) {
        rules.add(new Rule(kind, tenant, pathPrefix, amount == null ? Duration.ZERO : amount, new AtomicInteger(times)));
        return this;
    }

    /** The next {@code times} Graph requests of the tenant (null: any) under the path get 429 with this Retry-After. */
    public Faults throttle(String tenant, String pathPrefix, Duration retryAfter, int times) {
        return add(Kind.THROTTLE, tenant, pathPrefix, retryAfter, times);
    }

    /**
     * At most {@code requests} Graph (and Exchange) requests per {@code window} for each application in the tenant;
     * beyond that, 429 until the window ends. Applies whatever the settings' throttled tenants.
     */
    public Faults budget(String tenant, int requests, Duration window) {
        tenantBudgets.put(tenant.toLowerCase(Locale.ROOT), new FaultSettings.Budget(requests, window));
        return this;
    }

    /** At most {@code requests} requests in flight for each application in the tenant. */
    public Faults concurrency(String tenant, int requests) {
        tenantConcurrency.put(tenant.toLowerCase(Locale.ROOT), requests);
        return this;
    }

    /**
     * Switches Microsoft Teams' service limits on or off ({@link TeamsLimits}: per application per tenant, creating a
     * team 6 per second, at most 4 requests per second on one team, …). Off by default; {@link #clear()} turns them
     * off.
     */
    public Faults teamsLimits(boolean on) {
        teamsLimitsOn = on;
        if (!on) {
            teamsLimits.clear();
        }
        return this;
    }

    /** The 429 a Teams request of {@code appId} gets for going over one of Teams' limits, when they are on. */
    public Optional<Decision> teamsLimit(String tenant, String appId, String method, String path) {
        if (!teamsLimitsOn || path == null || method == null) {
            return Optional.empty();
        }
        return teamsLimits.check(tenant == null ? "" : tenant.toLowerCase(Locale.ROOT), appId, method, path)
                .map(retryAfter -> new Decision(Kind.THROTTLE, retryAfter));
    }

    /** Removes every rule, budget and limit, the settings included, and forgets what was counted. */
    public void clear() {
        teamsLimits(false);
        rules.clear();
        tenantBudgets.clear();
        tenantConcurrency.clear();
        windows.clear();
        requestCounts.clear();
        roundTripCounts.clear();
        settings = FaultSettings.NONE;
        throttledTenantIds = null;
    }

    /**
     * The latency to add to a round trip before answering: the settings' (with its jitter) plus matching latency
     * rules.
     */
    public Duration latency(String tenant, String path) {
        FaultSettings current = settings;
        Duration total = current.latency();
        if (!current.latencyJitter().isZero()) {
            double draw = draw(current.seed() ^ 0x5DEECE66DL, tenant, count(roundTripCounts, tenant));
            total = total.plusNanos((long) (draw * current.latencyJitter().toNanos()));
        }
        for (Rule rule : rules) {
            if (rule.kind() == Kind.LATENCY && rule.matches(tenant, path)) {
                rule.remaining().decrementAndGet();
                total = total.plus(rule.amount());
            }
        }
        return total;
    }

    /**
     * Lets a request of {@code appId} in {@code tenant} in, or refuses it when that application has as many requests
     * in flight there as allowed; the caller releases an admission when the request was answered.
     */
    public Admission admit(String tenant, String appId) {
        String tenantKey = tenant == null ? "" : tenant.toLowerCase(Locale.ROOT);
        Integer limit = tenantConcurrency.get(tenantKey);
        if (limit == null && throttled(tenantKey)) {
            limit = settings.tenantConcurrency();
        }
        if (limit == null || limit <= 0) {
            return Admission.FREE;
        }
        AtomicInteger count = inFlight.computeIfAbsent(tenantKey + "|" + appId, key -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            return new Admission(null, new Decision(Kind.THROTTLE, retryAfter()));
        }
        return new Admission(count, null);
    }

    /** Requests of {@code appId} in {@code tenant} let in and not yet answered. */
    public int inFlight(String tenant, String appId) {
        AtomicInteger count = inFlight.get((tenant == null ? "" : tenant.toLowerCase(Locale.ROOT)) + "|" + appId);
        return count == null ? 0 : count.get();
    }

    /** The failure a Graph or Exchange request meets instead of an answer, if any. */
    public Optional<Decision> failure(String tenant, String path) {
        return failure(tenant, null, path);
    }

    /**
     * The failure a Graph or Exchange request of {@code appId} meets instead of an answer, if any: a matching rule,
     * else one of the settings' rates, else an exhausted budget.
     */
    public Optional<Decision> failure(String tenant, String appId, String path) {
        for (Rule rule : rules) {
            if (rule.kind() != Kind.LATENCY && rule.matches(tenant, path)) {
                rule.remaining().decrementAndGet();
                return Optional.of(new Decision(rule.kind(), rule.amount()));
            }
        }
        String tenantKey = tenant == null ? "" : tenant.toLowerCase(Locale.ROOT);
        FaultSettings current = settings;
        boolean throttled = throttled(tenantKey);
        if (throttled && (current.throttleRate() > 0 || current.unavailableRate() > 0)) {
            double draw = draw(current.seed(), tenantKey, count(requestCounts, tenantKey));
            if (draw < current.throttleRate()) {
                return Optional.of(new Decision(Kind.THROTTLE, retryAfter()));
            }
            if (draw < current.throttleRate() + current.unavailableRate()) {
                return Optional.of(new Decision(Kind.SERVICE_UNAVAILABLE, retryAfter()));
            }
        }
        FaultSettings.Budget budget = tenantBudgets.get(tenantKey);
        if (budget == null && throttled) {
            budget = current.tenantBudget();
        }
        return budget == null ? Optional.empty() : spend(tenantKey + "|" + appId + "|" + service(path), budget);
    }

    /** Counts a request against its budget: a fixed window from its first request, 429 until the window ends. */
    private Optional<Decision> spend(String key, FaultSettings.Budget budget) {
        return windows.spend(key, budget.requests(), budget.window())
                .map(left -> new Decision(Kind.THROTTLE, FixedWindows.wholeSeconds(left)));
    }

    private static String service(String path) {
        return path != null && path.toLowerCase(Locale.ROOT).startsWith("/adminapi/") ? "exchange" : "graph";
    }

    private Duration retryAfter() {
        return FixedWindows.wholeSeconds(settings.retryAfter());
    }

    /** Whether the settings' budget, limit and rates apply to the tenant. */
    private boolean throttled(String tenantKey) {
        Set<String> named = throttledTenantIds;
        if (named != null) {
            return named.contains(tenantKey);
        }
        double share = settings.throttledTenants().share();
        return share >= 1 || draw(settings.seed() ^ 0x2545F4914F6CDD1DL, tenantKey, 0) < share;
    }

    private static long count(Map<String, AtomicLong> counts, String tenant) {
        return counts.computeIfAbsent(tenant == null ? "" : tenant, key -> new AtomicLong()).getAndIncrement();
    }

    /**
     * A number in [0, 1) that depends only on the seed, the tenant and the request's number among the tenant's: the
     * same seed gives each tenant's n-th request the same fate, however the tenants' requests interleave.
     */
    static double draw(long seed, String tenant, long number) {
        long tenantHash = tenant == null ? 0 : tenant.hashCode();
        long mixed = mix(mix(seed ^ mix(tenantHash)) + number * 0x9E3779B97F4A7C15L);
        return (mixed >>> 11) * 0x1.0p-53;
    }

    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
