package dev.tenantry.plugin.api;

import java.io.Serial;

/**
 * Tenantry refused a Graph request (or an Exchange Online cmdlet) before it left: the scope set it was made under
 * does not allow it. For Graph, none of the scope set's permissions is among those Microsoft's permission map accepts
 * for the request's method and path (each request of a {@code $batch} is judged, and one refused request stops the
 * batch); for Exchange Online, the scope set's manifest does not name the cmdlet. Microsoft would often have accepted
 * it, since a token carries every permission the tenant granted Tenantry; the host refuses so that each scope set
 * does only what its administrator approved. The refusal is audited with the plugin, the scope set, the method and
 * the path. Declare the permission in a scope set (or the cmdlet in the Exchange scope set) and call with that one.
 *
 * @since 1.4.0
 */
public class GraphRequestRefusedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String scopeSetId;
    private final String method;
    private final String path;

    /**
     * @param method the HTTP method ({@code POST} for an Exchange cmdlet)
     * @param path   the Graph path without the version ({@code /users/{id}/revokeSignInSessions} as sent), or the
     *               cmdlet's name
     * @param reason why, in words
     */
    public GraphRequestRefusedException(String scopeSetId, String method, String path, String reason) {
        super("Scope set " + scopeSetId + " may not " + method + " " + path + ": " + reason);
        this.scopeSetId = scopeSetId;
        this.method = method;
        this.path = path;
    }

    public String scopeSetId() {
        return scopeSetId;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }
}
