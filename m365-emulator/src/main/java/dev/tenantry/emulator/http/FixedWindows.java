package dev.tenantry.emulator.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request counts in fixed windows, as Microsoft's throttling counts them: a window starts with its first request and
 * lasts its length; a request beyond the window's allowance is over until the window ends. Shared by the benchmark's
 * request budgets ({@link Faults}) and Teams' service limits ({@link TeamsLimits}).
 */
final class FixedWindows {

    private record Window(Instant start, int used) {
    }

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FixedWindows(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts a request against {@code key}'s window of {@code length} allowing {@code requests}: when it is over,
     * what is left of the window.
     */
    Optional<Duration> spend(String key, int requests, Duration length) {
        Instant now = clock.instant();
        Window window = windows.compute(key, (any, current) -> current == null
                || !now.isBefore(current.start().plus(length)) ? new Window(now, 1)
                : new Window(current.start(), current.used() + 1));
        return window.used() <= requests ? Optional.empty()
                : Optional.of(Duration.between(now, window.start().plus(length)));
    }

    void clear() {
        windows.clear();
    }

    /** A {@code Retry-After}: whole seconds, rounded up, at least one. */
    static Duration wholeSeconds(Duration duration) {
        return Duration.ofSeconds(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
