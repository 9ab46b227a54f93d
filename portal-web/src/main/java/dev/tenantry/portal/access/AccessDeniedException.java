package dev.tenantry.portal.access;

/** The caller lacks the portal permission an action needs (where it needs it); shown as 403, audited. */
public class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
