package dev.tenantry.portal.persistence;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the embedded database's planner statistics in step with its tables, as PostgreSQL's autovacuum does for its
 * own: every {@code tenantry.database.statistics-check-every} it reads each table's row count estimate and runs
 * {@code ANALYZE TABLE} on those that grew or shrank by more than a tenth (and 50 rows) since they were last analyzed,
 * and on every table of some size once after the portal starts.
 *
 * <p>H2 analyzes a table by itself only after a number of changes that doubles each time, so a table that grew from
 * thousands to a million rows plans its queries on the column selectivities of its first hundred thousand: at a fleet
 * of a million users, the users search then walked 1.7 million index entries (13.7 s) instead of 4,300 (1 s).
 * H2 samples a table's first rows, not rows spread over it, and {@code plugin_record} holds every plugin's kinds one
 * after another: a sample of its first 20,000 rows made a field that is "active" in nearly every user look selective
 * (11) and planned the search on that field's index again. So by default every row is read
 * ({@code tenantry.database.analyze-sample} 0): 12–18 s for two million records, once per tenth they grew by. H2's own
 * analysis is switched off ({@code ANALYZE_AUTO=0} in the datasource URL): it samples the first 10,000 rows and, run
 * after this one, brought the misleading figures back.
 * On any other database the check stops at once: their own statistics collector does this.
 */
@ApplicationScoped
public class DatabaseStatistics {

    private static final Logger LOG = Logger.getLogger(DatabaseStatistics.class.getName());
    /** PostgreSQL's autovacuum_analyze_threshold and autovacuum_analyze_scale_factor. */
    static final long THRESHOLD = 50;
    static final double SCALE = 0.1;

    @Resource(lookup = Datasource.JNDI)
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "tenantry.database.statistics-check-every")
    Duration every;

    @Inject
    @ConfigProperty(name = "tenantry.database.analyze-sample")
    int sample;

    /** Each table's row count estimate when it was last analyzed here. */
    private final Map<String, Long> analyzedAt = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> checks;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) Startup startup) {
        long period = Math.max(1, every.toSeconds());
        checks = scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.SECONDS);
    }

    void check() {
        try (Connection connection = dataSource.getConnection()) {
            if (!"H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
                stop();
                return;
            }
            Map<String, Long> analyzed = analyzeChanged(connection);
            if (!analyzed.isEmpty()) {
                LOG.fine(() -> "Updated the planner statistics of " + analyzed);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not update the database's planner statistics; trying again next time", e);
        }
    }

    /** Analyzes the tables whose size moved enough since this portal last analyzed them; returns them, by size. */
    Map<String, Long> analyzeChanged(Connection connection) throws SQLException {
        Map<String, Long> analyzed = new LinkedHashMap<>();
        for (Map.Entry<String, Long> table : estimates(connection).entrySet()) {
            if (!stale(analyzedAt.get(table.getKey()), table.getValue())) {
                continue;
            }
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE TABLE \"" + table.getKey().replace("\"", "\"\"") + "\" SAMPLE_SIZE "
                        + Math.max(0, sample));
            }
            analyzedAt.put(table.getKey(), table.getValue());
            analyzed.put(table.getKey(), table.getValue());
        }
        return analyzed;
    }

    /**
     * Whether a table of {@code rows} rows wants analyzing, when it had {@code analyzedRows} at its last analysis here
     * ({@code null}: not since the portal started, when a table of at least the threshold's rows is analyzed once).
     */
    static boolean stale(Long analyzedRows, long rows) {
        if (analyzedRows == null) {
            return rows >= THRESHOLD;
        }
        return Math.abs(rows - analyzedRows) > THRESHOLD + SCALE * analyzedRows;
    }

    private static Map<String, Long> estimates(Connection connection) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement query = connection.createStatement();
                ResultSet tables = query.executeQuery("SELECT TABLE_NAME, ROW_COUNT_ESTIMATE FROM "
                        + "INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_TYPE = 'BASE TABLE'")) {
            while (tables.next()) {
                rows.put(tables.getString(1), tables.getLong(2));
            }
        }
        return rows;
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> scheduled = checks;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
