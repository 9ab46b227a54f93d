package dev.tenantry.portal.consentcheck.web;

import dev.tenantry.portal.consent.ConsentManager;
import dev.tenantry.portal.consentcheck.ConsentCheck;
import dev.tenantry.portal.tenant.TenantRowsShown;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Consent health of a tenant for the tenants list: its connections against the delegated and application Graph scope
 * sets of the plugins working there ({@link ConsentManager#scopeSets}) and, when those hold everything, the last
 * live check of the tenant's grants — "OK" only from the tenant's word, never from Tenantry's record alone. Kept for
 * the request.
 */
@Named
@RequestScoped
public class ConsentHealthView {

    @Inject
    ConsentManager manager;

    @Inject
    dev.tenantry.portal.consentcheck.ConsentChecks checks;

    private final Map<String, Health> known = new HashMap<>();

    /**
     * How a tenant stands.
     *
     * @param state   OK (the tenant's grants, read live, match what its features need), UNVERIFIED (granted as far as
     *                Tenantry's connections know, but not read from the tenant, or the last reading failed), DRIFT (the
     *                last reading found missing or excess permissions), MISSING (some scope set lacks permissions),
     *                REAUTHENTICATE, NOT_CONNECTED or NOTHING_ASKED
     * @param missing how many scope sets lack something
     */
    public record Health(String state, int missing) {

        /** The number of scope sets lacking something, for a label. */
        public String missingText() {
            return String.valueOf(missing);
        }

        public String severity() {
            return switch (state) {
                case "OK" -> "success";
                case "MISSING", "NOT_CONNECTED", "DRIFT" -> "warning";
                case "UNVERIFIED" -> "info";
                case "REAUTHENTICATE" -> "danger";
                default -> "secondary";
            };
        }
    }

    public Health of(String tenantId) {
        return known.computeIfAbsent(tenantId, id -> compute(id, manager.scopeSets(id), checks::last));
    }

    /** The rows of a tenants page: their health read for all of them at once (two queries, not two per row). */
    void rowsShown(@Observes TenantRowsShown shown) {
        List<String> unknown = shown.tenantIds().stream().filter(id -> !known.containsKey(id)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, List<ConsentManager.TenantScopeSet>> scopeSets = manager.scopeSets(unknown);
        Map<String, ConsentCheck> last = checks.last(unknown);
        unknown.forEach(id -> known.put(id, compute(id, scopeSets.get(id), tenant -> Optional.ofNullable(
                last.get(tenant)))));
    }

    private Health compute(String tenantId, List<ConsentManager.TenantScopeSet> rows,
            Function<String, Optional<ConsentCheck>> lastCheck) {
        int missing = (int) rows.stream().filter(row -> !row.status().granted()).count();
        boolean reauthenticate = rows.stream()
                .anyMatch(row -> row.connection().isPresent() && !row.connection().get().connected());
        boolean unconnected = rows.stream().anyMatch(row -> row.connection().isEmpty());
        String state = rows.isEmpty() ? "NOTHING_ASKED" : reauthenticate ? "REAUTHENTICATE"
                : unconnected && missing == rows.size() ? "NOT_CONNECTED" : missing > 0 ? "MISSING"
                : lastCheck.apply(tenantId).map(check -> check.matches() ? "OK" : check.drift() ? "DRIFT" : "UNVERIFIED")
                        .orElse("UNVERIFIED");
        return new Health(state, missing);
    }
}
