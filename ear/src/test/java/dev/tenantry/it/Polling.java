package dev.tenantry.it;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting in tests for what the server does in its own time (a tick, a background run), with a deadline. */
public final class Polling {

    private Polling() {
    }

    /** Reads {@code read} every 100 ms until {@code done} holds, for at most 30 s. */
    public static <T> T await(Supplier<T> read, Predicate<T> done, String what) throws InterruptedException {
        T last = null;
        for (int i = 0; i < 300; i++) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Waited in vain for " + what + ": " + last);
    }
}
