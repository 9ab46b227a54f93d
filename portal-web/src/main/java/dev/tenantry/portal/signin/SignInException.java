package dev.tenantry.portal.signin;

/** A sign-in that cannot complete; the message is safe to show and to audit (it never holds a token or code). */
public class SignInException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public SignInException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SignInException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A short, stable code for the audit log and the failure page (e.g. {@code state}, {@code provider}). */
    public String reason() {
        return reason;
    }
}
