package dev.tenantry.plugin.api;

import java.util.List;

/**
 * What a tenant has granted of one scope set.
 *
 * @param tenantId   the tenant
 * @param scopeSetId the scope set
 * @param granted    whether everything the scope set asks for is granted
 * @param missing    the permissions (Microsoft's exact names) still to grant; empty when granted
 * @param reason     why it is not granted, in words for the page ("No delegated connection in this tenant yet"); empty
 *                   when granted
 */
public record ConsentStatus(String tenantId, String scopeSetId, boolean granted, List<String> missing,
        String reason) {

    public ConsentStatus {
        missing = List.copyOf(missing);
        reason = reason == null ? "" : reason;
    }

    /** A scope set granted in full. */
    public static ConsentStatus granted(String tenantId, String scopeSetId) {
        return new ConsentStatus(tenantId, scopeSetId, true, List.of(), "");
    }
}
