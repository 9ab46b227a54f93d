package dev.tenantry.plugin.api;

import java.util.List;
import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * An action a plugin offers on tenants (annotate the class {@code @org.pf4j.Extension}). The host offers it to staff
 * holding {@link #permission()} in the tenants concerned, runs it through a second person's approval when the
 * installation's policy asks for one (several tenants at once, many items), and audits each run per tenant.
 * {@link HostService} fields are filled before it runs.
 */
public interface TenantAction extends ExtensionPoint {

    /** Stable id, {@code <plugin-id>.<action>}. */
    String id();

    /** What the action does, for a button or a menu. */
    String label();

    /** The portal permission needed in each tenant it is run in. */
    String permission();

    /** What the action asks before it runs, in form order; nothing by default. */
    default List<ActionParameter> parameters() {
        return List.of();
    }

    /**
     * Carries out the action in one tenant.
     *
     * @param parameters exactly what was asked (and, with four eyes, approved)
     * @return what happened, for the audit record (no secrets)
     * @throws Exception when it cannot; the run is recorded as failed for that tenant
     */
    String execute(String tenantId, Map<String, String> parameters) throws Exception;
}
