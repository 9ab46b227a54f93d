package dev.tenantry.portal.plugin.internal;

import dev.tenantry.portal.identity.CurrentStaff;
import java.util.Optional;

/**
 * Who a plugin acts for: the member of staff behind the current request, or, in work they started that runs in the
 * background ({@code PluginWork}), the one who started it.
 */
final class ActingUser {

    private static final ThreadLocal<String> BACKGROUND = new ThreadLocal<>();

    private ActingUser() {
    }

    static Optional<String> current() {
        Optional<String> caller = HostBeans.get().caller().staff().flatMap(CurrentStaff::user);
        return caller.isPresent() ? caller : Optional.ofNullable(BACKGROUND.get());
    }

    /** Whom background work on this thread is done for, if any (not the member of staff of a request). */
    static Optional<String> background() {
        return Optional.ofNullable(BACKGROUND.get());
    }

    /** Runs {@code work} on this thread as done for {@code user}. */
    static <T> T as(String user, java.util.concurrent.Callable<T> work) throws Exception {
        String before = BACKGROUND.get();
        BACKGROUND.set(user);
        try {
            return work.call();
        } finally {
            if (before == null) {
                BACKGROUND.remove();
            } else {
                BACKGROUND.set(before);
            }
        }
    }
}
