package dev.tenantry.portal.persistence;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.interceptor.Interceptor;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date when the portal starts, before any other start-up work touches the database. A
 * migration that fails stops the deployment with Flyway's reason rather than serving on a half-migrated schema.
 */
@ApplicationScoped
public class DatabaseMigration {

    static final String LOCATION = "classpath:db/migration";
    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

    @Resource(lookup = Datasource.JNDI)
    DataSource dataSource;

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) Startup startup) {
        MigrateResult result = Flyway.configure(DatabaseMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        // Flyway names a target version only when it applied something; otherwise the schema stays where it was
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + version + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }
}
