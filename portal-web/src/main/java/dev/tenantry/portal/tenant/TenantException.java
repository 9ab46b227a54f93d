package dev.tenantry.portal.tenant;

/** A tenant change that cannot be made, with a message for the person who asked. */
public class TenantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TenantException(String message) {
        super(message);
    }
}
