package dev.tenantry.portal.persistence;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Counts the SQL statements Hibernate prepares on one thread while a count is open there, so that a request can be
 * told how many statements its own work took however much SQL background jobs run meanwhile on other threads. It is
 * Hibernate's statement inspector for the portal's persistence unit ({@code META-INF/persistence.xml}); it returns each
 * statement unchanged and costs one thread-local read per statement, and it keeps nothing for a thread with no count.
 *
 * <p>Counted: every statement Hibernate prepares for the persistence unit on the counting thread — JPQL, criteria and
 * native queries, the inserts, updates and deletes of a flush, lazy loads, sequence values. A statement is counted
 * when it is prepared, not each time it runs: a JDBC batch would count once (the portal enables no batching).
 *
 * <p>Not counted, because it does not go through Hibernate or does not run on the counting thread:
 * <ul>
 * <li>Flyway's migrations ({@link DatabaseMigration}), through the datasource at start;</li>
 * <li>the readiness check ({@code system.health.DatabaseReadinessCheck}), which takes a connection from the datasource
 * on the management interface's thread;</li>
 * <li>the connection pool's own validation of a connection it hands out, inside the JDBC driver;</li>
 * <li>SQL on other threads: scheduled jobs, the notification sender, managed executors — by design.</li>
 * </ul>
 * Nothing else in the host or the built-in plugins reaches the database other than through the persistence unit
 * (plugins persist through the host's API).
 */
public final class StatementCounter implements StatementInspector {

    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<Count> CURRENT = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        Count count = CURRENT.get();
        if (count != null) {
            count.statements++;
        }
        return sql;
    }

    /** Starts a count from zero on this thread, in place of any count open here; close it to stop counting. */
    public static Count start() {
        Count count = new Count();
        CURRENT.set(count);
        return count;
    }

    /** The statements prepared on one thread since the count started, until it is closed. */
    public static final class Count implements AutoCloseable {

        private int statements;

        private Count() {
        }

        /** How many statements Hibernate prepared on the thread so far (or until the count was closed). */
        public int statements() {
            return statements;
        }

        /** Stops counting; the figure reached stays readable. */
        @Override
        public void close() {
            if (CURRENT.get() == this) {
                CURRENT.remove();
            }
        }
    }
}
