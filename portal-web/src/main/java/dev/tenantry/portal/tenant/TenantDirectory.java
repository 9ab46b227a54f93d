package dev.tenantry.portal.tenant;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.RequiresPermission;
import dev.tenantry.portal.access.RoleAssignment;
import dev.tenantry.portal.access.TenantId;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.TenantDiscovery;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The customer tenants: what the caller may see, and the changes {@code tenants:manage} allows, each audited. */
@ApplicationScoped
public class TenantDirectory {

    @Inject
    jakarta.enterprise.event.Event<TenantRemoved> removed;

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final int MAX_NOTES = 4000;
    private static final int MAX_NAME = 256;

    @Inject
    JpaTenantStore store;

    @Inject
    TenantDiscovery discovery;

    @Inject
    AccessControl access;

    @Inject
    AuditLog audit;

    @Inject
    CurrentStaff staff;

    /**
     * Adds a customer tenant by verified domain or tenant id; the id comes from the tenant's discovery document. Adding
     * needs {@code tenants:manage} for all tenants (a tenant not yet known cannot be in anyone's list).
     */
    @RequiresPermission(Permissions.TENANTS_MANAGE)
    @Transactional(TxType.REQUIRED)
    public CustomerTenant add(String domainOrId, String displayName, Set<String> tags, String notes) {
        String domain = domainOrId == null ? "" : domainOrId.strip().toLowerCase(Locale.ROOT);
        Set<String> cleanTags = tags(tags);
        String name = displayName == null || displayName.isBlank() ? domain : displayName.strip();
        if (name.length() > MAX_NAME || notes != null && notes.length() > MAX_NOTES) {
            throw new TenantException("The name holds at most " + MAX_NAME + " characters and the notes " + MAX_NOTES);
        }
        String tenantId;
        try {
            tenantId = discovery.tenantIdOf(domain).orElseThrow(() -> new TenantException(
                    "No Microsoft Entra tenant answers for '" + domain + "'. Check the domain or tenant id."));
        } catch (IllegalArgumentException e) {
            throw new TenantException(e.getMessage());
        } catch (IOException | IllegalStateException e) {
            throw new TenantException("Could not ask Microsoft Entra about '" + domain + "': " + e.getMessage());
        }
        Optional<CustomerTenant> existing = store.find(tenantId);
        if (existing.isPresent()) {
            throw new TenantException(TenantException.Reason.DUPLICATE,
                    existing.get().displayName() + " (" + tenantId + ") is already in Tenantry.");
        }
        List<RoleAssignment> reached = access.requireToRetag(tenantId, cleanTags);
        CustomerTenant tenant = store.add(new CustomerTenant(tenantId, name, domain, cleanTags,
                notes == null || notes.isBlank() ? null : notes.strip(), CustomerTenant.Status.ACTIVE, caller(), null));
        audit.record(AuditEvent.of(caller(), tenantId, "tenant.add", name, Outcome.SUCCESS).with("domain", domain)
                .with("tags", String.join(",", cleanTags)));
        if (!cleanTags.isEmpty()) {
            audit.record(AuditEvent.of(caller(), tenantId, "access.tenant-tags", name, Outcome.SUCCESS)
                    .with("added", String.join(",", cleanTags)).with("removed", "")
                    .with("assignments", described(reached)));
        }
        return tenant;
    }

    /** One tenant, which the caller may read ({@code tenants:read} there). */
    @RequiresPermission(Permissions.TENANTS_READ)
    @Transactional(TxType.SUPPORTS)
    public CustomerTenant find(@TenantId String tenantId) {
        return store.find(tenantId).orElseThrow(() -> unknown(tenantId));
    }

    /** Renames a tenant and replaces its tags and notes; null leaves that part as it is. */
    @RequiresPermission(Permissions.TENANTS_MANAGE)
    @Transactional(TxType.REQUIRED)
    public CustomerTenant update(@TenantId String tenantId, String displayName, Set<String> tags, String notes) {
        return update(tenantId, displayName, tags, notes, null);
    }

    /**
     * {@link #update(String, String, Set, String)} of the tenant as it was at {@code expectedVersion} (null: as it is
     * now): a change made from a copy someone else changed meanwhile is refused (conflict), never written over theirs.
     */
    @RequiresPermission(Permissions.TENANTS_MANAGE)
    @Transactional(TxType.REQUIRED)
    public CustomerTenant update(@TenantId String tenantId, String displayName, Set<String> tags, String notes,
            Long expectedVersion) {
        CustomerTenant tenant = store.find(tenantId).orElseThrow(() -> unknown(tenantId));
        String name = displayName == null ? tenant.displayName() : displayName.strip();
        if (name.isEmpty() || name.length() > MAX_NAME || notes != null && notes.length() > MAX_NOTES) {
            throw new TenantException("The name holds 1 to " + MAX_NAME + " characters and the notes at most "
                    + MAX_NOTES);
        }
        Set<String> cleanTags = tags == null ? tenant.tags() : tags(tags);
        String cleanNotes = notes == null ? tenant.notes() : notes.isBlank() ? null : notes.strip();
        Set<String> added = new TreeSet<>(cleanTags);
        added.removeAll(tenant.tags());
        Set<String> removedTags = new TreeSet<>(tenant.tags());
        removedTags.removeAll(cleanTags);
        Set<String> changed = new TreeSet<>(added);
        changed.addAll(removedTags);
        List<RoleAssignment> reached = access.requireToRetag(tenantId, changed);
        CustomerTenant updated = store.update(tenantId, name, cleanTags, cleanNotes, expectedVersion)
                .orElseThrow(() -> unknown(tenantId));
        audit.record(AuditEvent.of(caller(), tenantId, "tenant.update", name, Outcome.SUCCESS)
                .with("tags", String.join(",", cleanTags)));
        if (!changed.isEmpty()) {
            audit.record(AuditEvent.of(caller(), tenantId, "access.tenant-tags", name, Outcome.SUCCESS)
                    .with("added", String.join(",", added)).with("removed", String.join(",", removedTags))
                    .with("assignments", described(reached)));
        }
        return updated;
    }

    @RequiresPermission(Permissions.TENANTS_MANAGE)
    @Transactional(TxType.REQUIRED)
    public CustomerTenant setStatus(@TenantId String tenantId, CustomerTenant.Status status) {
        CustomerTenant tenant = store.setStatus(tenantId, status).orElseThrow(() -> unknown(tenantId));
        audit.record(AuditEvent.of(caller(), tenantId, status == CustomerTenant.Status.DISABLED ? "tenant.disable"
                : "tenant.enable", tenant.displayName(), Outcome.SUCCESS));
        return tenant;
    }

    @RequiresPermission(Permissions.TENANTS_MANAGE)
    @Transactional(TxType.REQUIRED)
    public void remove(@TenantId String tenantId) {
        CustomerTenant tenant = store.find(tenantId).orElseThrow(() -> unknown(tenantId));
        store.remove(tenantId);
        removed.fire(new TenantRemoved(tenantId));
        audit.record(AuditEvent.of(caller(), tenantId, "tenant.remove", tenant.displayName(), Outcome.SUCCESS));
    }

    /** Whether the caller may read any tenant at all ({@code tenants:read}): one row looked for, none counted. */
    @Transactional(TxType.SUPPORTS)
    public boolean anyReadable() {
        return store.any(access.callerTenantsWith(Permissions.TENANTS_READ).orElse(null));
    }

    /** A page of the tenants the caller may read ({@code tenants:read}), sorted and filtered on the server. */
    @Transactional(TxType.SUPPORTS)
    public TenantPage page(TenantQuery query) {
        return store.page(query, access.callerTenantsWith(Permissions.TENANTS_READ).orElse(null));
    }

    /** The assignments a change of tags hands out or takes away, for the record. */
    private static String described(List<RoleAssignment> reached) {
        return reached.stream().map(a -> a.principal() + " " + a.roleId() + " (tag " + String.join(",",
                a.scope().values()) + ")").collect(java.util.stream.Collectors.joining("; "));
    }

    private String caller() {
        return staff.user().orElseThrow(() -> new dev.tenantry.portal.access.AccessDeniedException(
                "Sign in to change tenants"));
    }

    private static TenantException unknown(String tenantId) {
        return new TenantException(TenantException.Reason.UNKNOWN, "There is no tenant " + tenantId + " in Tenantry.");
    }

    private static Set<String> tags(Set<String> tags) {
        Set<String> clean = new TreeSet<>();
        for (String tag : tags == null ? Set.<String>of() : tags) {
            String normal = tag.strip().toLowerCase(Locale.ROOT);
            if (!TAG.matcher(normal).matches()) {
                throw new TenantException("Tag '" + tag + "' must be up to 40 letters, digits or dashes");
            }
            clean.add(normal);
        }
        return clean;
    }
}
