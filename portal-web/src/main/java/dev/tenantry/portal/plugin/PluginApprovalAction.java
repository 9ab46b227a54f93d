package dev.tenantry.portal.plugin;

import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalAction;
import dev.tenantry.portal.approval.ApprovalRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A second Owner confirms an Owner's review of a plugin (never approved here, or asking for more): the request names
 * the jar by SHA-256, and only that jar is approved and started.
 */
@ApplicationScoped
public class PluginApprovalAction implements ApprovalAction {

    @Inject
    PluginLifecycle lifecycle;

    @Override
    public String name() {
        return PluginLifecycle.APPROVAL;
    }

    @Override
    public String requestPermission() {
        return Permissions.PLUGINS_INSTALL;
    }

    @Override
    public String decidePermission() {
        return Permissions.PLUGINS_INSTALL;
    }

    @Override
    public String execute(ApprovalRequest request, String approvedBy) {
        return lifecycle.approveConfirmed(request, approvedBy);
    }
}
