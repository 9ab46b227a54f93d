package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.tenant.TenantPicker;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/** The {@link PortalUser} plugins get: the caller of the current request, through the host's own access control. */
@RequestScoped
public class HostPortalUser implements PortalUser {

    @Inject
    CurrentStaff staff;

    @Inject
    AccessControl access;

    @Inject
    TenantPicker picker;

    @Inject
    dev.tenantry.portal.access.VisibleTenants visible;

    /** What the caller holds installation-wide, read once per request. */
    private Set<String> portalWide;

    @Inject
    HttpServletRequest request;

    @Override
    public String userPrincipalName() {
        return staff.user().orElse("anonymous");
    }

    @Override
    public String displayName() {
        Object name = request.getSession(false) == null ? null
                : request.getSession(false).getAttribute(CurrentStaff.DISPLAY_NAME);
        return name == null ? userPrincipalName() : name.toString();
    }

    @Override
    public Optional<String> selectedTenantId() {
        return Optional.ofNullable(picker.getSelectedId()).filter(id -> !id.isBlank());
    }

    @Override
    public boolean holds(String permission, String tenantId) {
        if (tenantId == null) {
            if (portalWide == null) {
                portalWide = access.callerPermissions(null);
            }
            return portalWide.contains(permission);
        }
        // Where the caller holds the permission is worked out once per request: a page asking for each of its rows'
        // tenants costs no more than one asking once
        return visible.with(permission).map(tenants -> tenants.contains(tenantId)).orElse(true);
    }
}
