package dev.tenantry.portal.approval;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When an action needs a second person, by the installation's policy rather than each feature's opinion: a change
 * that reaches across more than one tenant ({@code tenantry.approvals.cross-tenant}), or a bulk action over more than
 * {@code tenantry.approvals.bulk-threshold} items. Granting Owner always does (see the access package). Features ask
 * before they act, and file an approval request with the reason given here instead of acting.
 */
@ApplicationScoped
public class ApprovalPolicy {

    @Inject
    @ConfigProperty(name = "tenantry.approvals.cross-tenant")
    boolean crossTenant;

    @Inject
    @ConfigProperty(name = "tenantry.approvals.bulk-threshold")
    int bulkThreshold;

    /** A policy with these settings, outside CDI (tests, tools). */
    public static ApprovalPolicy of(boolean crossTenant, int bulkThreshold) {
        ApprovalPolicy policy = new ApprovalPolicy();
        policy.crossTenant = crossTenant;
        policy.bulkThreshold = bulkThreshold;
        return policy;
    }

    /**
     * Why an action touching {@code tenants} tenants and {@code items} items needs approval, or empty when one person
     * may do it.
     */
    public Optional<String> reasonFor(int tenants, int items) {
        if (tenants < 0 || items < 0) {
            throw new IllegalArgumentException("Counts of tenants and items are never negative");
        }
        if (crossTenant && tenants > 1) {
            return Optional.of("It changes " + tenants + " tenants at once, which needs a second person");
        }
        if (bulkThreshold >= 0 && items > bulkThreshold) {
            return Optional.of("It changes " + items + " items at once (more than " + bulkThreshold
                    + "), which needs a second person");
        }
        return Optional.empty();
    }
}
