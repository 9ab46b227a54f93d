package dev.tenantry.emulator.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures on demand, per tenant and/or path: added latency, throttling (429 with {@code Retry-After}), 503/504, and
 * dropped connections; plus per-tenant request budgets that throttle like Graph does when a tenant sends too much.
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
                    && (pathPrefix == null || path.toLowerCase().startsWith(pathPrefix.toLowerCase()))
                    && remaining.get() != 0;
        }
    }

    /** The fault a request gets, if any. */
    public record Decision(Kind kind, Duration amount) {
    }

    private record Budget(int requests, Duration window, AtomicInteger used, Instant[] windowStart) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Clock clock;

    public Faults(Clock clock) {
        this.clock = clock;
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

    /** At most {@code requests} Graph requests per {@code window} for the tenant; beyond that, 429 until it refills. */
    public Faults budget(String tenant, int requests, Duration window) {
        budgets.put(tenant.toLowerCase(), new Budget(requests, window, new AtomicInteger(), new Instant[] {clock.instant()}));
        return this;
    }

    public void clear() {
        rules.clear();
        budgets.clear();
    }

    /** Latency to add before answering (sum of matching latency rules). */
    public Duration latency(String tenant, String path) {
        Duration total = Duration.ZERO;
        for (Rule rule : rules) {
            if (rule.kind() == Kind.LATENCY && rule.matches(tenant, path)) {
                rule.remaining().decrementAndGet();
                total = total.plus(rule.amount());
            }
        }
        return total;
    }

    /** The failure this request meets instead of an answer, if any. */
    public Optional<Decision> failure(String tenant, String path) {
        for (Rule rule : rules) {
            if (rule.kind() != Kind.LATENCY && rule.matches(tenant, path)) {
                rule.remaining().decrementAndGet();
                return Optional.of(new Decision(rule.kind(), rule.amount()));
            }
        }
        Budget budget = tenant == null ? null : budgets.get(tenant.toLowerCase());
        if (budget != null) {
            synchronized (budget) {
                Instant now = clock.instant();
                Instant windowEnd = budget.windowStart()[0].plus(budget.window());
                if (!now.isBefore(windowEnd)) {
                    budget.windowStart()[0] = now;
                    budget.used().set(0);
                    windowEnd = now.plus(budget.window());
                }
                if (budget.used().incrementAndGet() > budget.requests()) {
                    long seconds = Math.max(1, Duration.between(now, windowEnd).toSeconds());
                    return Optional.of(new Decision(Kind.THROTTLE, Duration.ofSeconds(seconds)));
                }
            }
        }
        return Optional.empty();
    }
}
