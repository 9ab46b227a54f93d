package dev.tenantry.plugin.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves: the time the code under test reads (a poller's "licence read a day ago", a token's "checked
 * a minute ago"), in UTC, standing still until the test sets it or moves it on.
 */
public final class MovingClock extends Clock {

    private Instant now;

    /** A clock at the moment it is made. */
    public MovingClock() {
        this(Instant.now());
    }

    public MovingClock(Instant now) {
        this.now = now;
    }

    /** Moves the clock to {@code instant}. */
    public void set(Instant instant) {
        now = instant;
    }

    /** Moves the clock on by {@code amount}. */
    public void advance(Duration amount) {
        now = now.plus(amount);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
