package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.RequiresPermission;
import dev.tenantry.portal.access.TenantId;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.plugin.PluginRegistry.ModelType;
import dev.tenantry.portal.plugin.internal.BuiltinPlugins;
import dev.tenantry.portal.plugin.internal.PluginJars;
import dev.tenantry.portal.plugin.internal.PluginJars.Inspection;
import dev.tenantry.portal.plugin.internal.PluginSignatures.TrustedPublishers;
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
    /** The approval action by which a second Owner confirms a plugin's review (the plugin approval action). */
    public static final String APPROVAL = "plugins.approve";

    @Inject
    @ConfigProperty(name = "tenantry.plugins.dir")
    String folder;

    @Inject
    PluginLedger ledger;

    /** A PEM file of the publisher certificates this installation trusts to sign plugins; re-read at every scan. */
    @Inject
    @ConfigProperty(name = "tenantry.plugins.trusted-publishers")
    Optional<String> trustedPublishers;

    /**
     * Whether only jars signed by a trusted publisher (or shipped with this release) may be approved and run; read
     * each time, so that turning it on needs no restart.
     */
    @Inject
    @ConfigProperty(name = "tenantry.plugins.require-signature", defaultValue = "false")
    jakarta.inject.Provider<Boolean> requireSignature;

    /** {@code install} (the default) places the plugins shipped with Tenantry in the folder; {@code off} does not. */
    @Inject
    @ConfigProperty(name = "tenantry.plugins.builtin", defaultValue = "install")
    String builtin;

    @Inject
    CurrentStaff staff;

    @Inject
    PluginRegistry registry;

    @Inject
    ApprovalService approvals;

    @Inject
    jakarta.enterprise.event.Event<PluginsChanged> changed;

    /** The SHA-256 of each built-in jar this release ships: reviewed with the release. */
    private volatile Set<String> releaseReviewed = Set.of();
    /** Where the running plugins' jars are copied to be loaded from, so the bytes that run are the bytes checked. */
    private Path runningCopies;
    private final Map<String, Path> copies = new java.util.HashMap<>();
    private volatile String trustProblem;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 200) Startup startup) {
        List<String> firstTime = List.of();
        if (!"off".equalsIgnoreCase(builtin.strip())) {
            Path work = null;
            try {
                work = Files.createTempDirectory("tenantry-builtin");
                List<Path> shipped = BuiltinPlugins.shipped(work);
                Set<String> digests = new java.util.HashSet<>();
                for (Path jar : shipped) {
                    digests.add(PluginJars.sha256(jar));
                }
                releaseReviewed = Set.copyOf(digests);
                firstTime = BuiltinPlugins.place(shipped, Path.of(folder), ledger::find);
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
        if (!releaseReviewed.contains(jar.sha256())) {
            return;
        }
        ledger.approve(jar, PluginLedger.RELEASE, null);
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
    @RequiresPermission(Permissions.PLUGINS_INSTALL)
    public synchronized String install(String fileName, java.io.InputStream content) throws IOException {
        String actor = actor();
        Path plugins = Path.of(folder);
        Files.createDirectories(plugins);
        Path upload = Files.createTempFile(plugins, ".upload-", ".tmp");
        try {
            Files.copy(content, upload, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Inspection inspection = PluginJars.inspect(upload, trusted());
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

    /**
     * What pressing Approve did: approved and started, or filed for a second Owner.
     *
     * @param request the approval request filed, or null when the plugin was approved at once
     */
    public record Review(String pluginId, ApprovalRequest request) {

        public boolean waitsForSecondOwner() {
            return request != null;
        }
    }

    /**
     * Approves the plugin's jar as it now stands (its bytes, by SHA-256, and its manifest) and starts it. An approved
     * plugin is trusted code, so this is for Owners, and a plugin never approved, or a jar asking for more than was
     * approved, needs a second Owner: then an approval request is filed instead, and the plugin is approved when
     * another Owner approves it (the plugin approval action). Other code asking for the same is one Owner's call.
     */
    @RequiresPermission(Permissions.PLUGINS_INSTALL)
    public synchronized Review approve(String id) {
        Inspection jar = reviewable(id);
        PluginRecord record = record(id);
        String unsigned = signatureRefusal(jar);
        if (unsigned != null) {
            throw new IllegalArgumentException(unsigned);
        }
        List<String> changes = PluginLedger.changesSinceApproval(record, jar.manifest());
        if (record.approvedManifest() != null && changes.isEmpty()) {
            ledger.approve(jar, actor(), null);
            run(jar);
            return new Review(id, null);
        }
        String actor = actor();
        Optional<ApprovalRequest> open = approvals.mine().stream().filter(request -> request.status()
                == ApprovalRequest.Status.PENDING && APPROVAL.equals(request.action())
                && id.equals(request.parameters().get("plugin"))
                && jar.sha256().equals(request.parameters().get("sha256"))).findFirst();
        if (open.isPresent()) {
            throw new IllegalArgumentException(record.displayName() + " " + jar.version() + " already waits for a "
                    + "second Owner: you asked at " + open.get().requestedAt());
        }
        String asks = record.approvedManifest() == null ? "a plugin never approved here"
                : "a jar asking for more than was approved: " + String.join("; ", changes);
        ApprovalRequest request = approvals.request(APPROVAL, null, Map.of("plugin", jar.id(),
                "version", jar.version(), "sha256", jar.sha256()), "Approve plugin " + jar.id() + " " + jar.version() + " ("
                + jar.manifest().displayName() + ", SHA-256 " + jar.sha256().substring(0, 16) + "…)", actor
                + " reviewed " + asks + ". " + jar.signature().describe() + ". An approved plugin's code runs in the "
                + "server with Tenantry's reach, so a second Owner confirms the review.");
        return new Review(id, request);
    }

    /**
     * Approves the plugin a second Owner confirmed, if its jar is still byte for byte the one the request names, and
     * starts it; called by the plugin approval action inside the approval's transaction.
     *
     * @throws IllegalStateException when the jar changed or is gone since the request was filed
     */
    synchronized String approveConfirmed(ApprovalRequest request, String approvedBy) {
        String id = request.parameters().get("plugin");
        String sha256 = request.parameters().get("sha256");
        Inspection jar = registry.jars().get(id);
        if (jar == null || !jar.sha256().equals(sha256)) {
            throw new IllegalStateException("The jar of " + id + " is not the one the request names (SHA-256 " + sha256
                    + "); it changed or is gone since the review, so review it again");
        }
        if (record(id).status() != PluginStatus.PENDING_REVIEW) {
            throw new IllegalStateException(id + " no longer waits for review");
        }
        String unsigned = signatureRefusal(jar);
        if (unsigned != null) {
            throw new IllegalStateException(unsigned);
        }
        ledger.approve(jar, approvedBy, request);
        run(jar);
        return "Approved plugin " + id + " " + jar.version() + " (SHA-256 " + sha256 + ")"
                + (registry.failures().containsKey(id) ? "; it failed to start: " + registry.failures().get(id) : "");
    }

    /**
     * Why {@code jar} may not be approved or run when this installation requires signatures, or null when it may: it
     * is signed by a trusted publisher, or it is a built-in jar shipped (and reviewed) with this release.
     */
    private String signatureRefusal(Inspection jar) {
        if (!requireSignature.get() || jar.signature().verified() || releaseReviewed.contains(jar.sha256())) {
            return null;
        }
        return "This installation runs only plugins signed by a trusted publisher (tenantry.plugins.require-signature)"
                + "; " + jar.id() + " " + jar.version() + ": " + jar.signature().describe();
    }

    /** The publishers trusted now; none (and a plain reason for the page) when the configured file is unreadable. */
    private TrustedPublishers trusted() {
        try {
            TrustedPublishers read = TrustedPublishers.read(trustedPublishers.filter(path -> !path.isBlank())
                    .map(Path::of).orElse(null));
            trustProblem = null;
            return read;
        } catch (IllegalArgumentException e) {
            trustProblem = "No publisher is trusted: " + e.getMessage();
            LOG.severe(trustProblem);
            return TrustedPublishers.NONE;
        }
    }

    /** Why no publisher is trusted although a file of them is configured, or null. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public String trustProblem() {
        return trustProblem;
    }

    private Inspection reviewable(String id) {
        return Optional.ofNullable(registry.jars().get(id)).orElseThrow(() -> new IllegalArgumentException(
                "There is no plugin " + id + " in the plugins folder to approve"));
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
        changed.fire(new PluginsChanged(pluginId));
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
        TrustedPublishers trusted = trusted();
        for (Path jar : jarsIn(plugins)) {
            Inspection inspection = PluginJars.inspect(jar, trusted);
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
            records = ledger.reconcile(valid, actor, releaseReviewed);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not record the plugins found; none is started this time", e);
            return;
        }
        found.values().stream().filter(jar -> !jar.valid())
                .filter(jar -> records.stream().noneMatch(record -> record.id().equals(jar.id())))
                .forEach(jar -> registry.unrecognised().put(jar.jar().getFileName().toString(), jar.failure()));
        for (PluginWrapper loaded : new ArrayList<>(registry.manager().getPlugins())) {
            Inspection now = found.get(loaded.getPluginId());
            Inspection running = registry.started().get(loaded.getPluginId());
            if (now == null || !now.valid() || running == null || !running.sha256().equals(now.sha256())) {
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

    /**
     * Loads and starts one plugin from a copy of its jar whose bytes are checked against the approval, so a jar changed
     * after the scan never runs; a failure is recorded for it alone.
     */
    private void run(Inspection jar) {
        TenantryPluginManager manager = registry.manager();
        PluginWrapper loaded = manager.getPlugin(jar.id());
        if (loaded != null && loaded.getPluginState() == PluginState.STARTED) {
            return;
        }
        try {
            String unsigned = signatureRefusal(jar);
            if (unsigned != null) {
                fail(jar, unsigned);
                return;
            }
            if (loaded == null) {
                String approved = ledger.find(jar.id()).map(PluginRecord::approvedSha256).orElse(null);
                if (approved == null || !approved.equals(jar.sha256())) {
                    fail(jar, "its jar is not the one approved; review it again");
                    return;
                }
                Path copy = copyToRun(jar, approved);
                if (copy == null) {
                    fail(jar, "its jar changed after it was found (SHA-256 no longer " + approved + "); scan again");
                    return;
                }
                manager.loadPlugin(copy);
            }
            PluginState state = PluginCode.unchecked(manager.getPlugin(jar.id()).getPluginClassLoader(),
                    () -> manager.startPlugin(jar.id()));
            if (state != PluginState.STARTED) {
                Throwable cause = manager.getPlugin(jar.id()).getFailedException();
                fail(jar, cause == null ? "it did not start (" + state + ")" : describe(cause));
            } else {
                registry.failures().remove(jar.id());
                registry.started().put(jar.id(), jar);
                if (registerModels(jar)) {
                    registerRoles(jar);
                }
                changed.fire(new PluginsChanged(jar.id()));
            }
        } catch (IOException e) {
            fail(jar, "its jar could not be copied to run: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            fail(jar, describe(e));
        }
    }

    /** A private copy of {@code jar} to load, or null when the copy's bytes are not {@code sha256}. */
    private Path copyToRun(Inspection jar, String sha256) throws IOException {
        if (runningCopies == null) {
            runningCopies = Files.createTempDirectory("tenantry-running-plugins");
        }
        Path copy = runningCopies.resolve(jar.id() + "-" + jar.version() + "-" + sha256.substring(0, 16) + ".jar");
        Files.copy(jar.jar(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!sha256.equals(PluginJars.sha256(copy))) {
            Files.delete(copy);
            return null;
        }
        copies.put(jar.id(), copy);
        return copy;
    }

    /** Registers the roles of a plugin that started; roles it may not declare fail it. */
    private void registerRoles(Inspection jar) {
        try {
            ledger.started(jar);
        } catch (RuntimeException e) {
            fail(jar, "its roles cannot be registered: " + describe(e));
        }
    }

    /**
     * Makes a started plugin's page models reachable from EL; a name another plugin took fails this plugin.
     *
     * @return whether it still runs
     */
    private boolean registerModels(Inspection jar) {
        for (Class<? extends PageModel> type : registry.manager().getExtensionClasses(PageModel.class, jar.id())) {
            Model model = type.getAnnotation(Model.class);
            if (model == null) {
                fail(jar, type.getName() + " is a PageModel without @Model naming it");
                return false;
            }
            ModelType taken = registry.models().get(model.value());
            if (taken != null && !taken.pluginId().equals(jar.id())) {
                fail(jar, "the model name '" + model.value() + "' is taken by plugin " + taken.pluginId());
                return false;
            }
            registry.models().put(model.value(), new ModelType(jar.id(), type, model.scope()));
        }
        return true;
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
        registry.started().remove(id);
        TenantryPluginManager manager = registry.manager();
        if (manager != null && manager.getPlugin(id) != null) {
            try {
                PluginCode.unchecked(manager.getPlugin(id).getPluginClassLoader(), () -> manager.unloadPlugin(id));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Plugin " + id + " did not unload cleanly", e);
            }
            changed.fire(new PluginsChanged(id));
        }
        Path copy = copies.remove(id);
        if (copy != null) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                LOG.fine(() -> "Could not delete " + copy + ": " + e.getMessage());
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
