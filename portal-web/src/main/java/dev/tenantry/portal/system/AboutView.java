package dev.tenantry.portal.system;

import dev.tenantry.portal.system.health.DatabaseReadinessCheck;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Backs the "About this installation" section of Settings and the dashboard's status card. */
@Named
@RequestScoped
public class AboutView {

    @Inject
    SystemInfo system;

    @Inject
    @Readiness
    DatabaseReadinessCheck database;

    @Inject
    ServletContext servletContext;

    private HealthCheckResponse databaseHealth;

    public String getVersion() {
        return system.version();
    }

    public String getJavaVersion() {
        return system.javaVersion();
    }

    public String getServer() {
        return servletContext.getServerInfo();
    }

    public String getHome() {
        return system.home().toString();
    }

    public String getUptime() {
        Duration uptime = system.uptime();
        return uptime.toDaysPart() > 0
                ? String.format("%dd %dh %dm", uptime.toDaysPart(), uptime.toHoursPart(), uptime.toMinutesPart())
                : String.format("%dh %dm", uptime.toHoursPart(), uptime.toMinutesPart());
    }

    public boolean isDatabaseUp() {
        return databaseHealth().getStatus() == HealthCheckResponse.Status.UP;
    }

    public String getDatabaseProduct() {
        return databaseHealth().getData()
                .flatMap(data -> Optional.ofNullable(data.get("product")))
                .map(Object::toString)
                .orElse("");
    }

    private HealthCheckResponse databaseHealth() {
        if (databaseHealth == null) {
            databaseHealth = database.call();
        }
        return databaseHealth;
    }
}
