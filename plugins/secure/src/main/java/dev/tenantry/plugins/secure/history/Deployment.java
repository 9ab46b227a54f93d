package dev.tenantry.plugins.secure.history;

import java.time.Instant;

/**
 * A Conditional Access policy Tenantry deployed in a tenant, as last done.
 *
 * @param template   the template's id (admin-mfa, user-mfa)
 * @param policyId   the policy's id in the tenant
 * @param groupId    the exclusion group it excludes
 * @param state      enabledForReportingButNotEnforced or enabled, as Tenantry last set it
 * @param changedBy  who last deployed or switched it
 */
public record Deployment(String template, String policyId, String groupId, String state, String changedBy,
        Instant changedAt) implements java.io.Serializable {
}
