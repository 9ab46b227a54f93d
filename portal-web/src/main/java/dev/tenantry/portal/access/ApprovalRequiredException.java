package dev.tenantry.portal.access;

/**
 * The change is allowed only with a second person's approval, which has to be requested instead; the message says how.
 * Shown as 409 Conflict.
 */
public class ApprovalRequiredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ApprovalRequiredException(String message) {
        super(message);
    }
}
