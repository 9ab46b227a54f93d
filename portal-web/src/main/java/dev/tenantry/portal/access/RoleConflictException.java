package dev.tenantry.portal.access;

/** A role was changed by someone else since the copy a change was made from; nothing of the change was saved. */
public class RoleConflictException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public RoleConflictException(String message) {
        super(message);
    }
}
