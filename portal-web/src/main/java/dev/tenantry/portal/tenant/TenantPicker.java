package dev.tenantry.portal.tenant;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** The tenant picker of the top bar: the tenants the caller may read, and the one they work in (kept per session). */
@Named
@SessionScoped
public class TenantPicker implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int LISTED = 200;

    @Inject
    TenantDirectory directory;

    private String selectedId;

    public List<CustomerTenant> getTenants() {
        return directory.page(new TenantQuery(0, LISTED, "displayName", true, "")).tenants();
    }

    public String getSelectedId() {
        return selectedId;
    }

    /** Only a tenant the caller may read can be selected; anything else (a forged id) selects nothing. */
    public void setSelectedId(String selectedId) {
        this.selectedId = getTenants().stream().anyMatch(tenant -> tenant.id().equals(selectedId)) ? selectedId : null;
    }
}
