package dev.tenantry.portal.audit;

import java.util.List;

/** The records of one page and how many match in all. */
public record AuditPage(List<AuditRecord> records, long total) {
}
