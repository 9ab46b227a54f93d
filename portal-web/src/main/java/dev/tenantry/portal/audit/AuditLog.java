package dev.tenantry.portal.audit;

import dev.tenantry.portal.audit.internal.JpaAuditRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;

/** Writes and reads the audit log. */
@ApplicationScoped
public class AuditLog {

    @Inject
    JpaAuditRecords records;

    /**
     * Records an action inside the caller's transaction: the change and its record commit together or not at all.
     * Called without a transaction it fails, so no change can forget its record by accident.
     */
    @Transactional(TxType.MANDATORY)
    public AuditRecord record(AuditEvent event) {
        return records.append(event);
    }

    /**
     * Records a security event that is not part of a change (a sign-in, a refused request) in a transaction of its
     * own, so it is kept even when the caller's work rolls back.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public AuditRecord recordSecurityEvent(AuditEvent event) {
        return records.append(event);
    }

    /** The newest records first. */
    @Transactional(TxType.SUPPORTS)
    public List<AuditRecord> latest(int max) {
        return records.latest(max);
    }
}
