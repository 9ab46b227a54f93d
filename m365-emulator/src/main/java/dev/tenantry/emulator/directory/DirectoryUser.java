package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A user of a tenant: the Graph representation (exactly what {@code /users/{id}} returns in full) plus what only the
 * identity side knows — the password, directory roles and when sessions were last revoked.
 */
public final class DirectoryUser {

    private final ObjectNode json;
    private String password;
    private final Set<String> directoryRoles;
    private Instant sessionsValidAfter = Instant.EPOCH;
    private long version;

    DirectoryUser(ObjectNode json, String password, Collection<String> directoryRoles) {
        this.json = json;
        this.password = password;
        this.directoryRoles = directoryRoles.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(directoryRoles));
    }

    public String id() {
        return json.get("id").asText();
    }

    public String userPrincipalName() {
        return json.get("userPrincipalName").asText();
    }

    public String displayName() {
        return json.path("displayName").asText("");
    }

    public boolean accountEnabled() {
        return json.path("accountEnabled").asBoolean(true);
    }

    public ObjectNode json() {
        return json;
    }

    public boolean passwordMatches(String candidate) {
        return password != null && password.equals(candidate);
    }

    void password(String password) {
        this.password = password;
    }

    /** Display names of the user's directory roles, e.g. {@code Global Administrator}; read-only. */
    public Set<String> directoryRoles() {
        return directoryRoles;
    }

    public boolean hasAnyRole(Set<String> roles) {
        return directoryRoles.stream().anyMatch(roles::contains);
    }

    /** Whether the user may consent for the whole organisation, to any permission. */
    public boolean canGrantTenantWideConsent() {
        return directoryRoles.contains(DirectoryRoles.GLOBAL_ADMINISTRATOR)
                || directoryRoles.contains(DirectoryRoles.PRIVILEGED_ROLE_ADMINISTRATOR);
    }

    /** Refresh tokens and sessions issued before this instant are no longer valid. */
    public Instant sessionsValidAfter() {
        return sessionsValidAfter;
    }

    void revokeSessions(Instant at) {
        sessionsValidAfter = at;
    }

    /** The tenant's change counter at this user's last change, for delta queries. */
    public long version() {
        return version;
    }

    void version(long version) {
        this.version = version;
    }
}
