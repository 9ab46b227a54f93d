package dev.tenantry.portal.tenant;

/** A tenant change that cannot be made, with a message for the person who asked. */
public class TenantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why: the input is not valid, the tenant is not in Tenantry, or it is already. */
    public enum Reason { INVALID, UNKNOWN, DUPLICATE, CONFLICT }

    private final Reason reason;

    public TenantException(String message) {
        this(Reason.INVALID, message);
    }

    public TenantException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
