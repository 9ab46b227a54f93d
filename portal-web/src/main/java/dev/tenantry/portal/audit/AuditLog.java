package dev.tenantry.portal.audit;

import dev.tenantry.portal.audit.internal.JpaAuditRecords;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.RequestCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Collection;
import java.util.List;

/** Writes and reads the audit log. */
@ApplicationScoped
public class AuditLog {

    @Inject
    JpaAuditRecords records;

    @Inject
    RequestCaller caller;

    /**
     * Records an action inside the caller's transaction: the change and its record commit together or not at all.
     * Called without a transaction it fails, so no change can forget its record by accident.
     */
    @Transactional(TxType.MANDATORY)
    public AuditRecord record(AuditEvent event) {
        return records.append(attributed(event));
    }

    /**
     * Records a security event that is not part of a change (a sign-in, a refused request) in a transaction of its
     * own, so it is kept even when the caller's work rolls back.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public AuditRecord recordSecurityEvent(AuditEvent event) {
        return records.append(attributed(event));
    }

    /** Names the API token an action was taken with, so the record tells a script from a person at the browser. */
    private AuditEvent attributed(AuditEvent event) {
        return caller.staff().flatMap(CurrentStaff::apiToken).filter(token -> token.user().equals(event.actor()))
                .map(token -> event.with("via", "API token '" + token.tokenName() + "' (" + token.tokenId() + ")"))
                .orElse(event);
    }

    /** The newest records first. */
    @Transactional(TxType.SUPPORTS)
    public List<AuditRecord> latest(int max) {
        return records.latest(max);
    }

    /**
     * A page of records among {@code visibleTenants} ({@code null}: every record, portal-wide ones included); the
     * caller has decided who may see which, as the audit log page does with access control.
     */
    @Transactional(TxType.SUPPORTS)
    public AuditPage page(AuditQuery query, Collection<String> visibleTenants) {
        return records.page(query, visibleTenants);
    }
}
