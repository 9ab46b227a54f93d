package dev.tenantry.plugins.usermanagement.actions;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import dev.tenantry.plugin.api.GraphAccess;
import java.io.Serial;

/**
 * Microsoft refused a call with HTTP 403 for a reason granting consent again cannot help: the tenant's integration
 * account lacks the directory role the call needs (a Helpdesk Administrator resetting a Global Administrator's
 * password: {@code Authorization_RequestDenied}), or a rule of Microsoft's (what needs Entra ID P1, in a tenant
 * without). The host turns a 403 that leaves a Graph call into "consent required" and shows the consent card, so such
 * a 403 is caught inside the call ({@link #caught}) and leaves it as this exception, which the host lets through as it
 * is; a 401 still leaves as Microsoft's error and becomes "consent required", as it should.
 */
public final class MicrosoftRefusedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;

    private MicrosoftRefusedException(ApiException refusal) {
        super("Microsoft refused (HTTP " + refusal.getResponseStatusCode() + "): " + words(refusal), refusal);
        this.status = refusal.getResponseStatusCode();
    }

    /** {@code call}, with Microsoft's 403 caught inside it and thrown as this exception instead. */
    public static <T> GraphAccess.GraphCall<T> caught(GraphAccess.GraphCall<T> call) {
        return client -> {
            try {
                return call.apply(client);
            } catch (ApiException e) {
                if (e.getResponseStatusCode() == 403) {
                    throw new MicrosoftRefusedException(e);
                }
                throw e;
            }
        };
    }

    /** The HTTP status Microsoft answered. */
    public int status() {
        return status;
    }

    private static String words(ApiException refusal) {
        return refusal instanceof ODataError error && error.getError() != null && error.getError().getMessage()
                != null ? error.getError().getMessage() : refusal.getMessage();
    }
}
