package dev.tenantry.portal.plugin.web;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.plugin.JobFigures;
import dev.tenantry.portal.plugin.JobRun;
import dev.tenantry.portal.plugin.PluginJobs;
import dev.tenantry.portal.plugin.PluginLifecycle;
import dev.tenantry.portal.plugin.PluginRegistry;
import dev.tenantry.portal.plugin.PluginRegistry.InstalledPlugin;
import dev.tenantry.portal.plugin.PluginStatus;
import dev.tenantry.portal.plugin.PublisherSignature;
import dev.tenantry.portal.web.PageMessages;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/** Backs {@code settings/plugins.xhtml}. Every action is checked again by {@link PluginLifecycle}. */
@Named
@ViewScoped
public class PluginsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    PluginRegistry host;

    @Inject
    PluginLifecycle lifecycle;

    @Inject
    AccessControl access;

    @Inject
    dev.tenantry.portal.tenant.TenantDirectory tenants;

    @Inject
    PluginJobs jobs;

    private String selectedId;
    private List<String> switchedOff = new java.util.ArrayList<>();
    private transient List<InstalledPlugin> installed;
    private transient List<JobFigures> figures;
    private boolean hasJobRuns;
    private final LazyDataModel<JobRun> jobRuns = new JobRunTable();

    public boolean isMayManage() {
        return access.callerPermissions(null).contains(Permissions.PLUGINS_MANAGE);
    }

    /** Whether the caller may install plugins and approve them: Owners only. */
    public boolean isMayInstall() {
        return access.callerPermissions(null).contains(Permissions.PLUGINS_INSTALL);
    }

    /** The page's guard: without {@code plugins:manage} the answer is 403. */
    public void requireManage() throws IOException {
        dev.tenantry.portal.web.PageGuard.require(isMayManage(), "plugins:manage needed");
    }

    public List<InstalledPlugin> getInstalled() {
        if (installed == null) {
            installed = host.installed();
        }
        return installed;
    }

    public Map<String, String> getUnrecognised() {
        return host.unrecognisedJars();
    }

    public List<Map.Entry<String, String>> getUnrecognisedEntries() {
        return List.copyOf(getUnrecognised().entrySet());
    }

    public Optional<InstalledPlugin> selected() {
        return getInstalled().stream().filter(plugin -> plugin.record().id().equals(selectedId)).findFirst();
    }

    public InstalledPlugin getSelected() {
        return selected().orElse(null);
    }

    public void select(InstalledPlugin plugin) {
        selectedId = plugin.record().id();
        switchedOff = new java.util.ArrayList<>(host.switchedOffIn(selectedId));
        hasJobRuns = jobs.runCountOf(selectedId) > 0;
    }

    /** The reviewed plugin's jobs in its tenants: the last run and the next due, paged by the database. */
    public LazyDataModel<JobRun> getJobRuns() {
        return jobRuns;
    }

    /** Whether the reviewed plugin had scheduled jobs with runs to show when it was chosen. */
    public boolean isHasJobRuns() {
        return hasJobRuns;
    }

    /** How each scheduled job keeps up with the fleet (over every node), read once until refreshed. */
    public List<JobFigures> getJobFigures() {
        if (figures == null) {
            figures = jobs.figures();
        }
        return figures;
    }

    public void refreshJobFigures() {
        figures = null;
    }

    /** What the scheduler does, with this node's slots and how many are running. */
    public String getSchedulerText() {
        PluginJobs.Slots slots = jobs.slots();
        return PageMessages.text("plugins.scheduler.text", slots.capacity(), slots.busy());
    }

    /** A duration as a person reads it: "850 ms", "12 s", "4 min 10 s"; a dash for none. */
    public String duration(Duration duration) {
        if (duration == null) {
            return "—";
        }
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        if (duration.toSeconds() < 120) {
            return duration.toSeconds() + " s";
        }
        if (duration.toMinutes() < 120) {
            return duration.toMinutes() + " min" + (duration.toSecondsPart() == 0 ? "" : " "
                    + duration.toSecondsPart() + " s");
        }
        return duration.toHours() + " h" + (duration.toMinutesPart() == 0 ? "" : " " + duration.toMinutesPart()
                + " min");
    }

    /** The tenants a plugin can be switched off in: those the caller may see. */
    public List<dev.tenantry.portal.tenant.CustomerTenant> getTenants() {
        return tenants.page(new dev.tenantry.portal.tenant.TenantQuery(0, 500, "displayName", true, "")).tenants();
    }

    public List<String> getSwitchedOff() {
        return switchedOff;
    }

    public void setSwitchedOff(List<String> switchedOff) {
        this.switchedOff = switchedOff == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(switchedOff);
    }

    /** Switches the reviewed plugin off in the chosen tenants and on in the others. */
    public void saveTenants() {
        if (selectedId == null) {
            return;
        }
        java.util.Set<String> before = host.switchedOffIn(selectedId);
        try {
            for (dev.tenantry.portal.tenant.CustomerTenant tenant : getTenants()) {
                boolean off = switchedOff.contains(tenant.id());
                if (off != before.contains(tenant.id())) {
                    lifecycle.switchInTenant(selectedId, tenant.id(), !off);
                }
            }
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("plugins.tenants.saved"));
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    public void rescan() {
        act(() -> lifecycle.rescan(), "plugins.rescanned", "");
    }

    /** Approves at once, or files the review for a second Owner and says so. */
    public void approve(InstalledPlugin plugin) {
        try {
            PluginLifecycle.Review review = lifecycle.approve(plugin.record().id());
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, review.waitsForSecondOwner()
                    ? PageMessages.text("plugins.approvalRequested", plugin.record().displayName())
                    : PageMessages.text("plugins.approved", plugin.record().displayName()));
        } catch (IllegalArgumentException | IllegalStateException | AccessDeniedException
                | dev.tenantry.portal.approval.ApprovalException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
        installed = null;
    }

    public void enable(InstalledPlugin plugin) {
        act(() -> lifecycle.enable(plugin.record().id()), "plugins.enabled", plugin.record().displayName());
    }

    public void disable(InstalledPlugin plugin) {
        act(() -> lifecycle.disable(plugin.record().id()), "plugins.disabled", plugin.record().displayName());
    }

    /** A jar uploaded on the page: checked, then installed to wait for review. */
    public void upload(org.primefaces.event.FileUploadEvent event) {
        org.primefaces.model.file.UploadedFile file = event.getFile();
        try (java.io.InputStream content = file.getInputStream()) {
            String id = lifecycle.install(file.getFileName(), content);
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("plugins.uploaded", id));
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        } catch (IOException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, PageMessages.text("plugins.uploadFailed",
                    e.getMessage()));
        }
        installed = null;
    }

    public String joined(List<String> items) {
        return String.join(", ", items);
    }

    public String statusText(InstalledPlugin plugin) {
        if (plugin.failure() != null) {
            return "FAILED";
        }
        if (plugin.record().status() == PluginStatus.ENABLED) {
            return plugin.running() ? "RUNNING" : "ENABLED";
        }
        return plugin.record().status().name();
    }

    public String severity(InstalledPlugin plugin) {
        return switch (statusText(plugin)) {
            case "RUNNING" -> "success";
            case "FAILED" -> "danger";
            case "PENDING_REVIEW" -> "warning";
            default -> "secondary";
        };
    }

    /** The signature tag's text: who the signature proves published the jar, or that nothing does. */
    public String signatureText(InstalledPlugin plugin) {
        PublisherSignature signature = plugin.signature();
        return switch (signature.state()) {
            case VERIFIED -> PageMessages.text("plugins.signature.verified", commonName(signature.subject()));
            case UNTRUSTED -> PageMessages.text("plugins.signature.untrusted", commonName(signature.subject()));
            case UNSIGNED -> PageMessages.text("plugins.signature.unsigned", "");
            case INVALID -> PageMessages.text("plugins.signature.invalid", "");
        };
    }

    public String signatureSeverity(InstalledPlugin plugin) {
        return switch (plugin.signature().state()) {
            case VERIFIED -> "success";
            case INVALID -> "danger";
            default -> "warning";
        };
    }

    /** Why no publisher is trusted although a file of them is configured, or null. */
    public String getTrustProblem() {
        return lifecycle.trustProblem();
    }

    private static String commonName(String subject) {
        try {
            return new javax.naming.ldap.LdapName(subject).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN")).map(rdn -> String.valueOf(rdn.getValue()))
                    .reduce((first, last) -> last).orElse(subject);
        } catch (javax.naming.InvalidNameException e) {
            return subject;
        }
    }

    private final class JobRunTable extends LazyDataModel<JobRun> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return selectedId == null ? 0 : (int) Math.min(Integer.MAX_VALUE, jobs.runCountOf(selectedId));
        }

        @Override
        public List<JobRun> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                Map<String, FilterMeta> filterBy) {
            setRowCount(count(filterBy));
            return selectedId == null ? List.of() : jobs.runsOf(selectedId, first, pageSize);
        }

        @Override
        public String getRowKey(JobRun run) {
            return run.jobId() + "|" + run.tenantId();
        }

        @Override
        public JobRun getRowData(String rowKey) {
            return getWrappedData() == null ? null : getWrappedData().stream()
                    .filter(run -> getRowKey(run).equals(rowKey)).findFirst().orElse(null);
        }
    }

    private void act(Runnable action, String message, String name) {
        try {
            action.run();
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text(message, name));
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
        installed = null;
        figures = null;
    }
}
