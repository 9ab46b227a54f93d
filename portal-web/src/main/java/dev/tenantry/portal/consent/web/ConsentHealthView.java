package dev.tenantry.portal.consent.web;

import dev.tenantry.portal.consent.ConsentManager;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consent health of a tenant for the tenants list: its connections against the delegated and application Graph scope
 * sets of the plugins working there ({@link ConsentManager#graphScopeSets}), kept for the request.
 */
@Named
@RequestScoped
public class ConsentHealthView {

    @Inject
    ConsentManager manager;

    private final Map<String, Health> known = new HashMap<>();

    /**
     * How a tenant stands.
     *
     * @param state   OK, MISSING (some scope set lacks permissions), REAUTHENTICATE, NOT_CONNECTED or NOTHING_ASKED
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
                case "MISSING", "NOT_CONNECTED" -> "warning";
                case "REAUTHENTICATE" -> "danger";
                default -> "secondary";
            };
        }
    }

    public Health of(String tenantId) {
        return known.computeIfAbsent(tenantId, this::compute);
    }

    private Health compute(String tenantId) {
        List<ConsentManager.TenantScopeSet> rows = manager.graphScopeSets(tenantId);
        int missing = (int) rows.stream().filter(row -> !row.status().granted()).count();
        boolean reauthenticate = rows.stream()
                .anyMatch(row -> row.connection().isPresent() && !row.connection().get().connected());
        boolean unconnected = rows.stream().anyMatch(row -> row.connection().isEmpty());
        String state = rows.isEmpty() ? "NOTHING_ASKED" : reauthenticate ? "REAUTHENTICATE"
                : unconnected && missing == rows.size() ? "NOT_CONNECTED" : missing > 0 ? "MISSING" : "OK";
        return new Health(state, missing);
    }
}
