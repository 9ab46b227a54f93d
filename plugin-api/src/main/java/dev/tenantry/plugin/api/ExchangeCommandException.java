package dev.tenantry.plugin.api;

import java.io.Serial;

/** Exchange Online answered a cmdlet with an error that is neither a consent matter nor throttling. */
public class ExchangeCommandException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ExchangeCommandException(int status, String code, String message) {
        super("Exchange Online refused the cmdlet (HTTP " + status + ", " + code + "): " + message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** Exchange Online's error code. */
    public String code() {
        return code;
    }
}
