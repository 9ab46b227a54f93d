package dev.tenantry.portal.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a failure caused by the database being out of reach (no connection to be had, a connection lost) from any
 * other: the portal then answers "temporarily unavailable" (503) instead of "something went wrong", and nobody's work
 * is blamed for it.
 */
public final class DatabaseOutage {

    /** Exceptions of the persistence and connector layers that mean "no connection", named to avoid depending on them. */
    private static final Set<String> CONNECTION_FAILURES = Set.of("org.hibernate.exception.JDBCConnectionException",
            "jakarta.resource.ResourceException", "jakarta.resource.spi.ResourceAllocationException",
            "org.jboss.jca.core.connectionmanager.pool.api.PoolException");

    private DatabaseOutage() {
    }

    /** Whether {@code failure}, or anything that caused it, says the database cannot be reached. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
                if (CONNECTION_FAILURES.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
