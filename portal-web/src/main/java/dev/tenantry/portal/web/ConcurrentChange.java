package dev.tenantry.portal.web;

import java.util.Set;

/**
 * Tells a failure caused by two changes of the same row at the same moment (a version that moved between reading and
 * writing) from any other: the second change is refused, nothing of it is saved, and the person who made it is told so
 * plainly (a page message, a REST 409) instead of seeing an error page, so they can look again and redo it.
 */
public final class ConcurrentChange {

    /** What the person whose change was refused is told. */
    public static final String MESSAGE = "Someone else changed this at the same moment, so your change was not "
            + "saved. Look at it again and redo it if it is still needed.";

    /** The persistence layer's "the row changed meanwhile", named to avoid depending on Hibernate. */
    private static final Set<String> STALE = Set.of("jakarta.persistence.OptimisticLockException",
            "org.hibernate.StaleStateException", "org.hibernate.StaleObjectStateException");

    private ConcurrentChange() {
    }

    /** Whether {@code failure}, or anything that caused it, is a change refused because the row changed meanwhile. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
                if (STALE.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
