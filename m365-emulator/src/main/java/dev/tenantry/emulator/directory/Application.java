package dev.tenantry.emulator.directory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An application registration (multi-tenant), as Entra keeps it in its home tenant.
 *
 * @param requiredResourceAccess resource appId to the permissions the registration lists for it; what
 *                               {@code /.default} and admin consent for {@code .default} mean
 * @param certificates           certificate credentials (base64 DER, as Entra's {@code keyCredentials} keep them):
 *                               a client assertion signed with one of their keys authenticates the client
 */
public record Application(String appId, String displayName, String homeTenantId, List<String> clientSecrets,
        List<String> redirectUris, Map<String, RequiredAccess> requiredResourceAccess, List<String> certificates) {

    public Application {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
    }

    /** A registration with secrets only. */
    public Application(String appId, String displayName, String homeTenantId, List<String> clientSecrets,
            List<String> redirectUris, Map<String, RequiredAccess> requiredResourceAccess) {
        this(appId, displayName, homeTenantId, clientSecrets, redirectUris, requiredResourceAccess, List.of());
    }

    /** Delegated scopes and application roles a registration lists for one resource, by value. */
    public record RequiredAccess(Set<String> scopes, Set<String> roles) {
    }

    public boolean acceptsRedirect(String redirectUri) {
        return redirectUris.contains(redirectUri);
    }

    public boolean acceptsSecret(String secret) {
        return secret != null && clientSecrets.contains(secret);
    }
}
