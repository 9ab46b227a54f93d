package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.usermanagement.bulk.BulkImport;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;
import org.primefaces.event.FileUploadEvent;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/**
 * Bulk import ({@code #{bulkImport}}): a CSV of new users for a tenant, pasted or uploaded, checked row by row and shown
 * with each row's problems; its good rows handed to the tenant action "Create users from CSV" (a second person
 * approves an import over the installation's bulk threshold); the tenant's latest imports with their progress, each
 * row's outcome, and the new passwords given once as a CSV.
 */
@Extension
@Model("bulkImport")
public class BulkView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int BATCHES_SHOWN = 10;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginAudit audit;

    @HostService
    private transient PluginSecrets secrets;

    @HostService
    private transient PluginActionRuns runs;

    private final TenantChoices tenantChoices = new TenantChoices(UserIds.CREATE);
    private String tenant = "";
    private String csv = "";
    private String reason = "";
    private BulkImport.Preview preview;
    private String batchShown = "";

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    public boolean isMayCreate() {
        return !tenant.isEmpty() && user.holds(UserIds.CREATE, tenant);
    }

    /** Takes an uploaded file's text as the CSV. */
    public void upload(FileUploadEvent event) {
        csv = new String(event.getFile().getContent(), StandardCharsets.UTF_8);
        preview = null;
    }

    /** Checks every row. */
    public void check() {
        try {
            preview = imports().check(tenant, csv, user);
        } catch (Exception e) {
            preview = new BulkImport.Preview(List.of(), "The rows could not be checked at Microsoft: " + e.getMessage());
        }
        if (!preview.problem().isEmpty()) {
            Pages.error(preview.problem());
        }
    }

    /** Hands the good rows to "Create users from CSV": run now, or filed for a second person's approval. */
    public void submit() {
        if (preview == null || preview.good() == 0) {
            Pages.error("Check the rows first; only good rows are imported.");
            return;
        }
        String rows = String.join("\n", preview.goodLines());
        if (rows.length() > ActionParameter.MAX_ITEMS_LENGTH) {
            Pages.error("These " + preview.good() + " rows are " + String.format(Locale.ROOT, "%,d", rows.length())
                    + " characters as CSV; one import takes at most " + String.format(Locale.ROOT, "%,d",
                    ActionParameter.MAX_ITEMS_LENGTH) + ": split the file and import it in two or more goes.");
            return;
        }
        try {
            PluginActionRuns.Submitted submitted = runs.submit(BulkCreateAction.ID, tenant, Map.of("rows", rows),
                    (int) preview.good(), reason);
            if (submitted.waitingForApproval()) {
                imports().held(tenant, (int) preview.good(), user.userPrincipalName(), submitted.approvalId());
                Pages.info(preview.good() + " user(s) wait for a second person's approval (Settings → Approvals); "
                        + "the latest imports below say when it is decided.");
            } else {
                Pages.info(submitted.result());
            }
            preview = null;
            csv = "";
            reason = "";
        } catch (IllegalArgumentException | SecurityException e) {
            Pages.error(e.getMessage());
        }
    }

    private BulkImport imports() {
        return new BulkImport(graph, records, audit, secrets, Clock.systemUTC());
    }

    /**
     * The tenant's latest imports; those that waited for an approval now decided first say what became of them
     * (refused by whom and why, or approved and queued as an import of their own).
     */
    public List<BulkImport.Batch> getBatches() {
        if (!isMayCreate()) {
            return List.of();
        }
        BulkImport imports = imports();
        List<BulkImport.Batch> batches = imports.recent(tenant, BATCHES_SHOWN);
        List<BulkImport.Batch> held = batches.stream().filter(batch -> "AWAITING_APPROVAL".equals(batch.state()))
                .toList();
        if (held.isEmpty()) {
            return batches;
        }
        try {
            Map<String, PluginActionRuns.Decision> decisions = runs.decisions(held.stream()
                    .map(BulkImport.Batch::approvalId).toList());
            return imports.settle(held, decisions) > 0 ? imports.recent(tenant, BATCHES_SHOWN) : batches;
        } catch (RuntimeException e) {
            // the imports as they are; the next look settles them
            return batches;
        }
    }

    /** Whether an import is queued or running, for the page's poll (not one waiting days for approval). */
    public boolean isWorking() {
        return getBatches().stream().anyMatch(BulkImport.Batch::working);
    }

    public void show(BulkImport.Batch batch) {
        batchShown = batch.id();
    }

    public List<BulkImport.BatchRow> getShownRows() {
        return batchShown.isEmpty() || !isMayCreate() ? List.of() : imports().rows(tenant, batchShown, "", 1000);
    }

    /** The passwords of an import's new users, once. */
    public StreamedContent passwords(BulkImport.Batch batch) {
        Optional<String> csvText = imports().takePasswords(tenant, batch.id(), user);
        byte[] bytes = csvText.orElse("userPrincipalName,password\r\n").getBytes(StandardCharsets.UTF_8);
        return DefaultStreamedContent.builder().contentType("text/csv; charset=UTF-8")
                .name("passwords-" + batch.id() + ".csv").stream(() -> new ByteArrayInputStream(bytes)).build();
    }

    public BulkImport.Preview getPreview() {
        return preview;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String value) {
        String next = value == null ? "" : value.strip();
        if (!next.equals(tenant)) {
            preview = null;
            batchShown = "";
        }
        tenant = next;
    }

    public String getCsv() {
        return csv;
    }

    /** A changed CSV must be checked again; the same one keeps its check. */
    public void setCsv(String value) {
        String next = value == null ? "" : value;
        if (!next.equals(csv)) {
            preview = null;
        }
        csv = next;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String value) {
        reason = value == null ? "" : value.strip();
    }

    /** For a page: the column header a file starts with. */
    public String getHeader() {
        return dev.tenantry.plugins.usermanagement.bulk.CsvRows.header();
    }
}
