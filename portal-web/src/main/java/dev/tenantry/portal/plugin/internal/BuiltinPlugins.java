package dev.tenantry.portal.plugin.internal;

import dev.tenantry.portal.plugin.PluginRecord;
import dev.tenantry.portal.plugin.PluginStatus;
import dev.tenantry.portal.plugin.internal.PluginJars.Inspection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.pf4j.DefaultVersionManager;

/**
 * The plugins shipped with Tenantry (Secure, …): jars the build puts among the host's resources, listed in
 * {@code builtin-plugins.list}. At start they are placed in the plugins folder: a built-in plugin the installation never
 * had is put there and approved (it was reviewed with the release that ships it); an older jar of it is replaced by the
 * shipped version, then goes through the usual upgrade review; one an administrator removed stays removed. With
 * {@code tenantry.plugins.builtin=off} nothing is placed.
 */
public final class BuiltinPlugins {

    private static final Logger LOG = Logger.getLogger(BuiltinPlugins.class.getName());
    private static final String FOLDER = "/dev/tenantry/portal/plugin/builtin/";

    private BuiltinPlugins() {
    }

    /** The built-in jars this build ships, copied out of the host's resources into {@code work}. */
    public static List<Path> shipped(Path work) {
        List<Path> jars = new ArrayList<>();
        try (InputStream list = BuiltinPlugins.class.getResourceAsStream(FOLDER + "builtin-plugins.list")) {
            if (list == null) {
                return jars;
            }
            for (String line : new String(list.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream jar = BuiltinPlugins.class.getResourceAsStream(FOLDER + name)) {
                    if (jar == null) {
                        LOG.warning(() -> "Built-in plugin " + name + " is listed but not in this build; skipped");
                        continue;
                    }
                    Files.createDirectories(work);
                    Path copy = work.resolve(name);
                    Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                    jars.add(copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the built-in plugins", e);
        }
        return jars;
    }

    /**
     * Places the built-in jars in the plugins folder as the rules above say.
     *
     * @param records the plugin's record, by id, as the ledger has it
     * @return the built-in plugins placed for the first time, to approve once the folder was scanned
     */
    public static List<String> place(List<Path> shipped, Path folder, Function<String, Optional<PluginRecord>> records)
            throws IOException {
        Files.createDirectories(folder);
        List<String> firstTime = new ArrayList<>();
        for (Path jar : shipped) {
            Inspection builtin = PluginJars.inspect(jar);
            if (!builtin.valid()) {
                LOG.severe(() -> "Built-in plugin " + jar.getFileName() + " cannot be read: " + builtin.failure());
                continue;
            }
            Optional<PluginRecord> record = records.apply(builtin.id());
            Optional<Inspection> present = installed(folder, builtin.id());
            String target = builtin.id() + "-" + builtin.version() + ".jar";
            if (record.isPresent() && record.get().status() == PluginStatus.REMOVED) {
                LOG.info(() -> "Built-in plugin " + builtin.id() + " was removed from this installation; not placed");
            } else if (present.isEmpty() && record.isEmpty()) {
                Files.copy(jar, folder.resolve(target), StandardCopyOption.REPLACE_EXISTING);
                firstTime.add(builtin.id());
            } else if (present.isPresent() && new DefaultVersionManager()
                    .compareVersions(present.get().version(), builtin.version()) < 0) {
                Files.copy(jar, folder.resolve(target), StandardCopyOption.REPLACE_EXISTING);
                if (!present.get().jar().getFileName().toString().equals(target)) {
                    Files.delete(present.get().jar());
                }
                LOG.info(() -> "Built-in plugin " + builtin.id() + " upgraded from " + present.get().version() + " to "
                        + builtin.version());
            }
        }
        return firstTime;
    }

    /** Deletes the copies {@link #shipped} made (quietly: a leftover temporary file harms nothing). */
    public static void forget(Path work) {
        if (work == null) {
            return;
        }
        try (Stream<Path> files = Files.list(work)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(work);
        } catch (IOException e) {
            LOG.fine(() -> "Could not delete " + work + ": " + e.getMessage());
        }
    }

    private static Optional<Inspection> installed(Path folder, String id) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).map(PluginJars::inspect)
                    .filter(inspection -> id.equals(inspection.id())).findFirst();
        }
    }
}
