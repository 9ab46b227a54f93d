package dev.tenantry.portal.apitoken.internal;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.apitoken.ApiToken;
import dev.tenantry.portal.apitoken.IssuedApiToken;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The rules for issuing and revoking tokens with the people named explicitly; the token service calls it with
 * the signed-in caller, tests with anyone.
 */
@ApplicationScoped
public class ApiTokenIssuer {

    private static final int MAX_NAME = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    JpaApiTokenStore store;

    @Inject
    AccessControl access;

    @Inject
    AuditLog audit;

    /** Issues a token for {@code owner} carrying {@code permissions}, each of which they must hold somewhere. */
    @Transactional(TxType.REQUIRED)
    public IssuedApiToken issue(String owner, Collection<String> groups, String name, Set<String> permissions,
            int days) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME) {
            throw new IllegalArgumentException("Name the token (1 to " + MAX_NAME + " characters) after what will use it");
        }
        if (days < 1 || days > ApiToken.MAX_LIFETIME_DAYS) {
            throw new IllegalArgumentException("A token lives 1 to " + ApiToken.MAX_LIFETIME_DAYS + " days");
        }
        if (permissions == null || permissions.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one permission for the token");
        }
        Set<String> held = access.permissionsAnywhere(owner, groups);
        Set<String> chosen = new TreeSet<>();
        for (String permission : permissions) {
            if (!held.contains(Permissions.check(permission))) {
                throw new AccessDeniedException("A token can only carry permissions you hold; you lack " + permission);
            }
            chosen.add(permission);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (store.activeCount(owner, now) >= ApiToken.MAX_ACTIVE_PER_OWNER) {
            throw new IllegalArgumentException("You have " + ApiToken.MAX_ACTIVE_PER_OWNER
                    + " active tokens already; revoke one you no longer use");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = ApiToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiToken token = store.add(UUID.randomUUID().toString(), cleanName, owner, access.groupsWithRoles(groups),
                chosen, hash(secret), secret.substring(secret.length() - 4), now, now.plus(Duration.ofDays(days)));
        audit.record(AuditEvent.of(owner, null, "api-token.create", cleanName, Outcome.SUCCESS)
                .with("id", token.id()).with("permissions", String.join(",", chosen))
                .with("expires", token.expiresAt().toString()));
        return new IssuedApiToken(token, secret);
    }

    /** Revokes a token: its owner may, and anyone with {@code rbac:manage} for all tenants. */
    @Transactional(TxType.REQUIRED)
    public ApiToken revoke(String actor, Collection<String> groups, String id) {
        ApiToken token = store.find(id == null ? "" : id)
                .orElseThrow(() -> new IllegalArgumentException("There is no API token " + id));
        if (!token.owner().equals(actor)) {
            access.require(actor, groups, null, "api token " + id, null, Permissions.RBAC_MANAGE);
        }
        if (token.revokedAt() != null) {
            return token;
        }
        ApiToken revoked = store.revoke(token.id(), Instant.now().truncatedTo(ChronoUnit.MICROS), actor).orElseThrow();
        audit.record(AuditEvent.of(actor, null, "api-token.revoke", token.name(), Outcome.SUCCESS)
                .with("id", token.id()).with("owner", token.owner()));
        return revoked;
    }

    /** The SHA-256 of a secret, as stored and looked up. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
