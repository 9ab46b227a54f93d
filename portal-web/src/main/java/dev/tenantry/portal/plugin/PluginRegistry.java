package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.TenantAction;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifest.PageDeclaration;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.access.ContributedPermissions;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.RequiresPermission;
import dev.tenantry.portal.consent.ScopeSetCatalogue;
import dev.tenantry.portal.plugin.internal.PluginJars.Inspection;
import dev.tenantry.portal.plugin.internal.PluginLedger;
import dev.tenantry.portal.plugin.internal.TenantryPluginManager;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * What the plugin host holds now: the plugins installed and their review records, which of them run, their manifests
 * (scope sets, roles, permissions, pages), page models, jobs and tenant actions, and where each works. It reads;
 * the plugin lifecycle changes which plugins run. It is the consent manager's {@link ScopeSetCatalogue} and access
 * control's {@link ContributedPermissions}.
 */
@ApplicationScoped
public class PluginRegistry implements ContributedPermissions, ScopeSetCatalogue {

    private static final Logger LOG = Logger.getLogger(PluginRegistry.class.getName());

    @Inject
    PluginLedger ledger;

    private volatile TenantryPluginManager manager;
    private final Map<String, Inspection> jars = new ConcurrentHashMap<>();
    private final Map<String, Inspection> started = new ConcurrentHashMap<>();
    private final Map<String, String> unrecognised = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, ModelType> models = new ConcurrentHashMap<>();
    private volatile Set<String> knownIds = Set.of();
    private volatile Map<String, Set<String>> switchedOff = Map.of();

    /** A page model a running plugin offers to EL. */
    public record ModelType(String pluginId, Class<?> type, Model.Scope scope) {
    }

    /** A scheduled job of a running plugin, with its host services filled. */
    public record PluginJob(String pluginId, TenantJob job) {
    }

    /** A tenant action of a running plugin, with its host services filled. */
    public record PluginTenantAction(String pluginId, TenantAction action) {
    }

    /** A page of a running plugin. */
    public record PluginPage(String pluginId, PageDeclaration page) {
    }

    /**
     * A plugin as the Settings page shows it.
     *
     * @param signature what the signature of the jar in the folder proves of its publisher (null without a jar)
     */
    public record InstalledPlugin(PluginRecord record, String jar, PluginManifest manifest, boolean running,
            String failure, List<String> changesSinceApproval, PublisherSignature signature) {
    }

    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public List<InstalledPlugin> installed() {
        List<InstalledPlugin> installed = new ArrayList<>();
        for (PluginRecord record : ledger.all()) {
            Inspection jar = jars.get(record.id());
            PluginWrapper loaded = manager == null ? null : manager.getPlugin(record.id());
            installed.add(new InstalledPlugin(record, jar == null ? null : jar.jar().getFileName().toString(),
                    jar == null ? null : jar.manifest(),
                    loaded != null && loaded.getPluginState() == PluginState.STARTED,
                    failures.get(record.id()), jar == null ? List.of() : PluginLedger.differences(record, jar),
                    jar == null ? null : jar.signature()));
        }
        return installed;
    }

    /** Jars in the folder that are not plugins Tenantry can read, with the reason (file name → reason). */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public Map<String, String> unrecognisedJars() {
        return new java.util.TreeMap<>(unrecognised);
    }

    /** The manifests of the running plugins: each as approved and started, never a jar found since. */
    @Override
    public List<PluginManifest> running() {
        if (manager == null) {
            return List.of();
        }
        return manager.getStartedPlugins().stream().map(plugin -> started.get(plugin.getPluginId()))
                .filter(java.util.Objects::nonNull).map(Inspection::manifest).toList();
    }

    @Override
    public ScopeSet workingScopeSet(String tenantId, String scopeSetId) {
        String pluginId = ScopeSetCatalogue.pluginOf(scopeSetId);
        if (!enabledFor(pluginId, tenantId)) {
            throw new IllegalArgumentException("Plugin " + pluginId + " does not work in tenant " + tenantId);
        }
        return runningManifest(pluginId).flatMap(manifest -> manifest.scopeSet(scopeSetId))
                .orElseThrow(() -> new IllegalArgumentException("No scope set " + scopeSetId));
    }

    @Override
    public Optional<PluginManifest> runningManifest(String pluginId) {
        return running().stream().filter(manifest -> manifest.pluginId().equals(pluginId)).findFirst();
    }

    @Override
    public boolean enabledFor(String pluginId, String tenantId) {
        return classLoaderOf(pluginId).isPresent()
                && (tenantId == null || !switchedOff.getOrDefault(pluginId, Set.of()).contains(tenantId));
    }

    /** The tenants a plugin is switched off in. */
    @Override
    public Set<String> switchedOffIn(String pluginId) {
        return switchedOff.getOrDefault(pluginId, Set.of());
    }

    /** Every portal permission the running plugins add. */
    @Override
    public Set<String> contributed() {
        Set<String> permissions = new java.util.TreeSet<>();
        running().forEach(manifest -> manifest.permissions().forEach(permission -> permissions.add(permission.id())));
        return permissions;
    }

    /** The page a running plugin declares for a view path ({@code /hello/index.xhtml}). */
    public Optional<PluginPage> page(String viewPath) {
        return running().stream().flatMap(manifest -> manifest.pages().stream()
                .filter(page -> page.view().equals(viewPath)).map(page -> new PluginPage(manifest.pluginId(), page)))
                .findFirst();
    }

    /** Whether {@code segment} (the first part of a path) is an installed plugin's: its views live under it. */
    public boolean ownsPath(String segment) {
        return knownIds.contains(segment);
    }

    /** The page models of running plugins, by EL name. */
    public Optional<ModelType> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** The jobs of the running plugins; one whose id is not the plugin's own is left out, with a warning. */
    public List<PluginJob> jobs() {
        return extensionsOfRunning(TenantJob.class, TenantJob::id, PluginJob::new);
    }

    /** The tenant actions of the running plugins; one whose id is not the plugin's own is left out. */
    public List<PluginTenantAction> actions() {
        return extensionsOfRunning(TenantAction.class, TenantAction::id, PluginTenantAction::new);
    }

    /** The extensions of {@code type} of the running plugins, named within their plugin, host services filled. */
    private <T, R> List<R> extensionsOfRunning(Class<T> type, java.util.function.Function<T, String> idOf,
            java.util.function.BiFunction<String, T, R> wrap) {
        if (manager == null) {
            return List.of();
        }
        List<R> found = new ArrayList<>();
        for (PluginWrapper plugin : manager.getStartedPlugins()) {
            String pluginId = plugin.getPluginId();
            try {
                for (T extension : manager.getExtensions(type, pluginId)) {
                    String id = idOf.apply(extension);
                    if (id != null && id.startsWith(pluginId + ".")) {
                        found.add(wrap.apply(pluginId, extension));
                    } else {
                        LOG.warning(() -> "Plugin " + pluginId + " offers a " + type.getSimpleName() + " named '" + id
                                + "'; its name must start with " + pluginId + ".");
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot list the " + type.getSimpleName() + "s of plugin " + pluginId, e);
            }
        }
        return found;
    }

    /** Creates a plugin object with its host services filled in. */
    public <T> T create(Class<T> type) {
        return manager.injector().create(type);
    }

    /** Fills the host services of a plugin object again (after it was deserialised). */
    public <T> T refill(T model) {
        return manager.injector().fill(model);
    }

    /** The class loader of a running plugin, for the host's bridges (views, resources, beans). */
    public Optional<ClassLoader> classLoaderOf(String id) {
        return Optional.ofNullable(manager == null ? null : manager.getPlugin(id))
                .filter(plugin -> plugin.getPluginState() == PluginState.STARTED)
                .map(PluginWrapper::getPluginClassLoader);
    }

    @PreDestroy
    synchronized void stop() {
        if (manager != null) {
            for (PluginWrapper plugin : new ArrayList<>(manager.getPlugins())) {
                try {
                    PluginCode.unchecked(plugin.getPluginClassLoader(), () -> manager.unloadPlugin(plugin.getPluginId()));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Plugin " + plugin.getPluginId() + " did not stop cleanly", e);
                }
            }
        }
    }

    /** The PF4J manager, made by the lifecycle at the first scan; {@code null} before. */
    TenantryPluginManager manager() {
        return manager;
    }

    void manager(TenantryPluginManager made) {
        manager = made;
    }

    /** The valid jars in the folder by plugin id, as the last scan found them; the lifecycle keeps it. */
    Map<String, Inspection> jars() {
        return jars;
    }

    /** The approved jars the running plugins were started from, by plugin id; the lifecycle keeps it. */
    Map<String, Inspection> started() {
        return started;
    }

    /** Jars that are not plugins Tenantry can read (file name → reason); the lifecycle keeps it. */
    Map<String, String> unrecognised() {
        return unrecognised;
    }

    /** Why plugins failed (plugin id → reason); the lifecycle keeps it. */
    Map<String, String> failures() {
        return failures;
    }

    /** The page models of the running plugins by EL name; the lifecycle keeps it. */
    Map<String, ModelType> models() {
        return models;
    }

    void known(Set<String> ids) {
        knownIds = ids;
    }

    void switchedOff(Map<String, Set<String>> off) {
        switchedOff = off;
    }
}
