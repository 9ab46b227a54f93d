package dev.tenantry.portal.approval;

/** A decision that cannot be made (own request, already decided, expired, unknown); the message says which. */
public class ApprovalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ApprovalException(String message) {
        super(message);
    }
}
