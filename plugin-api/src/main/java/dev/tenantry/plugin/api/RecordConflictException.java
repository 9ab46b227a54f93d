package dev.tenantry.plugin.api;

/**
 * A record was changed (or created) by someone else since the version a change was made from: nothing was written.
 * Read it again and make the change on what is there now, or tell the person their copy is out of date.
 *
 * @since 1.5.0
 */
public class RecordConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public RecordConflictException(String message) {
        super(message);
    }
}
