package dev.tenantry.portal.system.health;

import dev.tenantry.portal.persistence.Datasource;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** The portal is ready only when its database answers; reported at {@code /health/ready}. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    static final String NAME = "tenantry-database";
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Resource(lookup = Datasource.JNDI)
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            return response.status(connection.isValid(VALIDATION_TIMEOUT_SECONDS))
                    .withData("product", metaData.getDatabaseProductName() + " "
                            + metaData.getDatabaseProductVersion())
                    .build();
        } catch (SQLException e) {
            // The SQL state says what went wrong without echoing a connection string or credentials.
            return response.down().withData("sqlState", String.valueOf(e.getSQLState())).build();
        }
    }
}
