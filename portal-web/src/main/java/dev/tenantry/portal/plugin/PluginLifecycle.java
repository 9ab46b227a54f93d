package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.RequiresPermission;
import dev.tenantry.portal.access.TenantId;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.plugin.PluginRegistry.ModelType;
import dev.tenantry.portal.plugin.internal.BuiltinPlugins;
import dev.tenantry.portal.plugin.internal.PluginJars;
import dev.tenantry.portal.plugin.internal.PluginJars.Inspection;
import dev.tenantry.portal.plugin.internal.PluginLedger;
import dev.tenantry.portal.plugin.internal.TenantryPluginManager;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Changes which plugins run, from the plugins in {@code tenantry.plugins.dir}: at start and on every rescan it inspects
 * each jar without running it, brings the review records up to date ({@link PluginLedger}), and keeps exactly the
 * approved, enabled plugins loaded and started; installs, approves, enables, disables and switches plugins per tenant.
 * A jar that cannot be read, a manifest that does not validate, an API the host does not offer, a missing dependency or
 * an exception while starting marks that one plugin failed, with the reason; the rest go on. What runs is read from
 * {@link PluginRegistry}.
 */
@ApplicationScoped
public class PluginLifecycle {

    private static final Logger LOG = Logger.getLogger(PluginLifecycle.class.getName());

    @Inject
    @ConfigProperty(name = "tenantry.plugins.dir")
    String folder;

    @Inject
    PluginLedger ledger;

    /** {@code install} (the default) places the plugins shipped with Tenantry in the folder; {@code off} does not. */
    @Inject
    @ConfigProperty(name = "tenantry.plugins.builtin", defaultValue = "install")
    String builtin;

    @Inject
    CurrentStaff staff;

    @Inject
    PluginRegistry registry;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 200) Startup startup) {
        List<String> firstTime = List.of();
        if (!"off".equalsIgnoreCase(builtin.strip())) {
            Path work = null;
            try {
                work = Files.createTempDirectory("tenantry-builtin");
                firstTime = BuiltinPlugins.place(BuiltinPlugins.shipped(work), Path.of(folder), ledger::find);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "Could not place the built-in plugins in " + folder, e);
            } finally {
                BuiltinPlugins.forget(work);
            }
        }
        scan("system");
        for (String id : firstTime) {
            approveBuiltin(id);
        }
    }

    /** Approves a built-in plugin placed for the first time: it was reviewed with the Tenantry release that ships it. */
    private synchronized void approveBuiltin(String id) {
        Inspection jar = registry.jars().get(id);
        if (jar == null || !jar.valid() || ledger.find(id).map(PluginRecord::approvedManifest).isPresent()) {
            return;
        }
        ledger.approve(jar, "system (built-in with this Tenantry release)");
        run(jar);
    }

    /** Reads the plugins folder again: new jars wait for review, removed ones stop. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public void rescan() {
        scan(actor());
    }

    /**
     * Installs an uploaded jar: checked first (a jar that is not a readable plugin is refused with the reason and not
     * kept), then put in the plugins folder in place of the plugin's earlier jar, and the folder is scanned. The
     * plugin then waits for review like a dropped one.
     *
     * @return the plugin's id
     */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public synchronized String install(String fileName, java.io.InputStream content) throws IOException {
        String actor = actor();
        Path plugins = Path.of(folder);
        Files.createDirectories(plugins);
        Path upload = Files.createTempFile(plugins, ".upload-", ".tmp");
        try {
            Files.copy(content, upload, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Inspection inspection = PluginJars.inspect(upload);
            if (!inspection.valid()) {
                throw new IllegalArgumentException(inspection.failure().replace(upload.getFileName().toString(),
                        fileName == null ? "the upload" : fileName));
            }
            Inspection earlier = registry.jars().get(inspection.id());
            Path target = plugins.resolve(inspection.id() + "-" + inspection.version() + ".jar");
            Files.move(upload, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (earlier != null && !earlier.jar().equals(target)) {
                Files.deleteIfExists(earlier.jar());
            }
            ledger.uploaded(inspection.id(), inspection.version(), target.getFileName().toString(), actor);
            scan(actor);
            return inspection.id();
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** Approves the plugin as its jar now stands and starts it. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public synchronized void approve(String id) {
        Inspection jar = Optional.ofNullable(registry.jars().get(id)).orElseThrow(() -> new IllegalArgumentException(
                "There is no plugin " + id + " in the plugins folder to approve"));
        ledger.approve(jar, actor());
        run(jar);
    }

    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public synchronized void enable(String id) {
        PluginRecord record = record(id);
        if (record.approvedManifest() == null || record.status() == PluginStatus.PENDING_REVIEW) {
            throw new IllegalArgumentException(record.displayName() + " waits for review: approve it to enable it");
        }
        ledger.status(id, PluginStatus.ENABLED, actor(), "plugin.enable");
        registry.failures().remove(id);
        Optional.ofNullable(registry.jars().get(id)).ifPresent(this::run);
    }

    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public synchronized void disable(String id) {
        record(id);
        ledger.status(id, PluginStatus.DISABLED, actor(), "plugin.disable");
        unload(id);
    }

    /** Switches a plugin on or off in one tenant; the caller needs {@code plugins:manage} in that tenant. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public synchronized void switchInTenant(String pluginId, @TenantId String tenantId, boolean on) {
        record(pluginId);
        ledger.switchInTenant(pluginId, tenantId, on, actor());
        registry.switchedOff(Map.copyOf(ledger.switchedOff()));
    }

    synchronized void scan(String actor) {
        Path plugins = Path.of(folder);
        if (registry.manager() == null) {
            try {
                Files.createDirectories(plugins);
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "Cannot create the plugins folder " + plugins + "; no plugins run", e);
                return;
            }
            registry.manager(new TenantryPluginManager(plugins, PluginLifecycle.class.getClassLoader()));
        }
        Map<String, Inspection> found = new LinkedHashMap<>();
        registry.unrecognised().clear();
        for (Path jar : jarsIn(plugins)) {
            Inspection inspection = PluginJars.inspect(jar);
            if (inspection.id() == null) {
                registry.unrecognised().put(jar.getFileName().toString(), inspection.failure());
            } else if (found.containsKey(inspection.id())) {
                registry.unrecognised().put(jar.getFileName().toString(), "a second jar for plugin " + inspection.id()
                        + " (the first is " + found.get(inspection.id()).jar().getFileName() + "); remove one");
            } else {
                found.put(inspection.id(), inspection);
            }
        }
        registry.failures().clear();
        found.values().stream().filter(jar -> !jar.valid()).forEach(jar -> registry.failures().put(jar.id(), jar.failure()));
        Collection<Inspection> valid = found.values().stream().filter(Inspection::valid).toList();
        List<PluginRecord> records;
        try {
            records = ledger.reconcile(valid, actor);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not record the plugins found; none is started this time", e);
            return;
        }
        found.values().stream().filter(jar -> !jar.valid())
                .filter(jar -> records.stream().noneMatch(record -> record.id().equals(jar.id())))
                .forEach(jar -> registry.unrecognised().put(jar.jar().getFileName().toString(), jar.failure()));
        for (PluginWrapper loaded : new ArrayList<>(registry.manager().getPlugins())) {
            Inspection now = found.get(loaded.getPluginId());
            if (now == null || !now.valid() || !loaded.getDescriptor().getVersion().equals(now.version())) {
                unload(loaded.getPluginId());
            }
        }
        registry.jars().clear();
        valid.forEach(jar -> registry.jars().put(jar.id(), jar));
        Set<String> ids = new java.util.HashSet<>(found.keySet());
        records.forEach(record -> ids.add(record.id()));
        registry.known(Set.copyOf(ids));
        registry.switchedOff(Map.copyOf(ledger.switchedOff()));
        for (PluginRecord record : records) {
            Inspection jar = registry.jars().get(record.id());
            if (jar == null) {
                continue;
            }
            if (record.status() == PluginStatus.ENABLED) {
                run(jar);
            } else {
                unload(record.id());
            }
        }
    }

    /**
     * Records that a page of a running plugin failed: the plugin shows as failed with the reason (until it is enabled
     * again or upgraded) and the failure is audited. It keeps running; the administrator decides.
     */
    public void pageFailed(String pluginId, String viewId, Throwable failure) {
        String reason = "page " + viewId + " failed: " + describe(failure);
        registry.failures().put(pluginId, reason);
        LOG.log(Level.WARNING, "Plugin " + pluginId + " " + reason, failure);
        Inspection jar = registry.jars().get(pluginId);
        try {
            ledger.failed(pluginId, jar == null ? "?" : jar.version(), reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the failure of plugin " + pluginId, e);
        }
    }

    /** Loads and starts one plugin; a failure is recorded for it alone. */
    private void run(Inspection jar) {
        TenantryPluginManager manager = registry.manager();
        PluginWrapper loaded = manager.getPlugin(jar.id());
        if (loaded != null && loaded.getPluginState() == PluginState.STARTED) {
            return;
        }
        try {
            if (loaded == null) {
                manager.loadPlugin(jar.jar());
            }
            PluginState state = manager.startPlugin(jar.id());
            if (state != PluginState.STARTED) {
                Throwable cause = manager.getPlugin(jar.id()).getFailedException();
                fail(jar, cause == null ? "it did not start (" + state + ")" : describe(cause));
            } else {
                registry.failures().remove(jar.id());
                registerModels(jar);
            }
        } catch (RuntimeException | LinkageError e) {
            fail(jar, describe(e));
        }
    }

    /** Makes a started plugin's page models reachable from EL; a name another plugin took fails this plugin. */
    private void registerModels(Inspection jar) {
        for (Class<? extends PageModel> type : registry.manager().getExtensionClasses(PageModel.class, jar.id())) {
            Model model = type.getAnnotation(Model.class);
            if (model == null) {
                fail(jar, type.getName() + " is a PageModel without @Model naming it");
                return;
            }
            ModelType taken = registry.models().get(model.value());
            if (taken != null && !taken.pluginId().equals(jar.id())) {
                fail(jar, "the model name '" + model.value() + "' is taken by plugin " + taken.pluginId());
                return;
            }
            registry.models().put(model.value(), new ModelType(jar.id(), type, model.scope()));
        }
    }

    private void fail(Inspection jar, String reason) {
        registry.failures().put(jar.id(), reason);
        LOG.warning(() -> "Plugin " + jar.id() + " " + jar.version() + " failed: " + reason);
        unload(jar.id());
        try {
            ledger.failed(jar.id(), jar.version(), reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the failure of plugin " + jar.id(), e);
        }
    }

    private void unload(String id) {
        registry.models().values().removeIf(model -> model.pluginId().equals(id));
        TenantryPluginManager manager = registry.manager();
        if (manager != null && manager.getPlugin(id) != null) {
            try {
                manager.unloadPlugin(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Plugin " + id + " did not unload cleanly", e);
            }
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return root == failure ? message : failure.getMessage() + " (" + message + ")";
    }

    private PluginRecord record(String id) {
        return ledger.find(id).orElseThrow(() -> new IllegalArgumentException("There is no plugin " + id));
    }

    private String actor() {
        return staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to manage plugins"));
    }

    private static List<Path> jarsIn(Path plugins) {
        try (Stream<Path> files = Files.list(plugins)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "Cannot list the plugins folder " + plugins, e);
            return List.of();
        }
    }
}
