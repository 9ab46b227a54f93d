package dev.tenantry.plugin.api;

import java.io.Serial;
import java.util.List;

/**
 * A call needs permissions a tenant has not granted. Not a failure of the plugin: let it leave a page, and the host shows
 * the consent card for the scope set (what is missing, why, who can grant it); a job or an action run is recorded as
 * waiting for consent, and runs again once it is granted.
 */
public class ConsentRequiredException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ConsentStatus status;

    public ConsentRequiredException(ConsentStatus status) {
        super("Consent required in tenant " + status.tenantId() + " for scope set " + status.scopeSetId()
                + (status.missing().isEmpty() ? "" : " (" + String.join(", ", status.missing()) + ")")
                + (status.reason().isEmpty() ? "" : ": " + status.reason()));
        this.status = status;
    }

    /** What is missing, in which tenant, for which scope set. */
    public ConsentStatus status() {
        return status;
    }

    public String tenantId() {
        return status.tenantId();
    }

    public String scopeSetId() {
        return status.scopeSetId();
    }

    public List<String> missing() {
        return status.missing();
    }
}
