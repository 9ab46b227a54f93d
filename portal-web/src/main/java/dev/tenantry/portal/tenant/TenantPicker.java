package dev.tenantry.portal.tenant;

import dev.tenantry.portal.access.AccessDeniedException;
import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * The tenant picker of the top bar: the tenant the caller works in (kept per session), chosen by searching the tenants
 * they may read, twenty at a time in the database, however many the MSP has: nothing is listed up front and no tenant
 * is out of reach.
 */
@Named
@SessionScoped
public class TenantPicker implements Serializable {

    private static final long serialVersionUID = 1L;
    /** How many tenants a search offers; typing more narrows it. */
    static final int OFFERED = 20;

    @Inject
    TenantDirectory directory;

    private String selectedId;
    private CustomerTenant selected;

    /** The tenants the caller may read that match what they typed (name, domain, id, tag), by name. */
    public List<CustomerTenant> complete(String text) {
        return directory.page(new TenantQuery(0, OFFERED, "displayName", true, text)).tenants();
    }

    /** Whether the caller may read any tenant at all (else the picker says there are none yet). */
    public boolean isAny() {
        var context = jakarta.faces.context.FacesContext.getCurrentInstance();
        if (context == null) {
            return directory.anyReadable();
        }
        // Asked by several attributes of one render: once per request
        return (Boolean) context.getAttributes().computeIfAbsent(TenantPicker.class.getName() + ".any",
                key -> directory.anyReadable());
    }

    public String getSelectedId() {
        return selectedId;
    }

    /** Only a tenant the caller may read can be selected; anything else (a forged id) selects nothing. */
    public void setSelectedId(String selectedId) {
        CustomerTenant found = readable(selectedId);
        this.selected = found;
        this.selectedId = found == null ? null : found.id();
    }

    public CustomerTenant getSelected() {
        return selected;
    }

    /** Chosen in the picker ({@code null}: all tenants); a tenant the caller may not read selects nothing. */
    public void setSelected(CustomerTenant tenant) {
        setSelectedId(tenant == null ? null : tenant.id());
    }

    /** The tenant with this id, if the caller may read it. */
    CustomerTenant readable(String tenantId) {
        if (tenantId == null || tenantId.isBlank()) {
            return null;
        }
        try {
            return directory.find(tenantId);
        } catch (AccessDeniedException | TenantException e) {
            return null;
        }
    }
}
