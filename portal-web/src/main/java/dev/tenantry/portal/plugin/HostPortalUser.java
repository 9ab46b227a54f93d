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

/**
 * The {@link PortalUser} plugins get: the caller of the current request, through the host's own access control. While
 * an action approved by a second person runs (in the approver's request, under a {@link PluginCaller} grant for the
 * person who asked), it is the person who asked: their name, and their permissions as they are now, so the plugin
 * records and checks the requester, never the approver.
 */
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
        return actingFor().map(PluginCaller.Grant::user).orElseGet(() -> staff.user().orElse("anonymous"));
    }

    /** The grant on this thread when it is for someone else than the request's caller (an approved action). */
    private Optional<PluginCaller.Grant> actingFor() {
        return PluginCaller.current().filter(grant -> !grant.user().equals(staff.user().orElse(null)));
    }

    @Override
    public String displayName() {
        if (actingFor().isPresent()) {
            return actingFor().get().user();
        }
        Object name = request.getSession(false) == null ? null
                : request.getSession(false).getAttribute(CurrentStaff.DISPLAY_NAME);
        return name == null ? userPrincipalName() : name.toString();
    }

    @Override
    public Optional<String> selectedTenantId() {
        if (actingFor().isPresent()) {
            return Optional.empty();
        }
        return Optional.ofNullable(picker.getSelectedId()).filter(id -> !id.isBlank());
    }

    @Override
    public boolean holds(String permission, String tenantId) {
        Optional<PluginCaller.Grant> other = actingFor();
        if (other.isPresent()) {
            Optional<Set<String>> where = access.tenantsWith(other.get().user(), other.get().groups(), permission);
            return where.isEmpty() || tenantId != null && where.get().contains(tenantId);
        }
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
