package dev.tenantry.portal.system;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Facts about this installation, read from configuration once at start, and the layout of its data folder. */
@ApplicationScoped
public class SystemInfo {

    private static final Logger LOG = Logger.getLogger(SystemInfo.class.getName());

    /**
     * Folders of {@code tenantry.home} the portal relies on: {@code data} (H2), {@code tls} (the HTTPS certificate,
     * which the server generates on the first TLS handshake but saves only into an existing folder).
     */
    static final List<String> HOME_FOLDERS = List.of("data", "tls");

    private final Instant startedAt = Instant.now();

    @Inject
    @ConfigProperty(name = "tenantry.version")
    String version;

    @Inject
    @ConfigProperty(name = "tenantry.home")
    String home;

    /** Creates the data folder's layout when the portal starts, so nothing the server writes there is lost. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        createLayout(home());
        LOG.info(() -> "Tenantry " + version + " uses data folder " + home());
    }

    static void createLayout(Path home) {
        try {
            for (String folder : HOME_FOLDERS) {
                Files.createDirectories(home.resolve(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Tenantry's data folder " + home
                    + ": make it writable or point TENANTRY_HOME elsewhere", e);
        }
    }

    public String version() {
        return version;
    }

    /** The folder holding the database, logs and TLS material. */
    public Path home() {
        return Path.of(home).toAbsolutePath().normalize();
    }

    public String javaVersion() {
        return Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")";
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Duration uptime() {
        return Duration.between(startedAt, Instant.now());
    }
}
