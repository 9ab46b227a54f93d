package dev.tenantry.portal.crypto;

/** A sealed value that cannot be opened: altered, sealed for another purpose, or with a key no longer configured. */
public class SealedValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SealedValueException(String message) {
        super(message);
    }
}
