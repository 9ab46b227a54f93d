package dev.tenantry.portal.auditlog;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditPage;
import dev.tenantry.portal.audit.AuditQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Reading the audit log, as the caller may: with {@code audit:read} for all tenants every record (portal-wide ones
 * included); with it for listed tenants only those tenants' records; without it nothing.
 */
@ApplicationScoped
public class AuditSearch {

    @Inject
    AuditLog log;

    @Inject
    AccessControl access;

    @Transactional(TxType.SUPPORTS)
    public AuditPage page(AuditQuery query) {
        return log.page(query, access.callerTenantsWith(Permissions.AUDIT_READ).orElse(null));
    }

    /** Whether the caller may read any part of the audit log. */
    public boolean mayRead() {
        return access.callerHoldsAnywhere(Permissions.AUDIT_READ);
    }
}
