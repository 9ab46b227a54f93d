package dev.tenantry.portal.apitoken;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.apitoken.internal.ApiTokenIssuer;
import dev.tenantry.portal.apitoken.internal.JpaApiTokenStore;
import dev.tenantry.portal.apitoken.internal.JpaApiTokenStore.StoredToken;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import dev.tenantry.portal.identity.StaffMember;
import dev.tenantry.portal.identity.StaffMembers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates, lists, revokes and verifies personal API tokens. A secret is {@code tnt_} and 256 random bits; Tenantry
 * keeps its SHA-256 (a fast hash is enough for a secret with that much entropy, and lets a request find its token
 * directly). A token is created only from a signed-in browser session, for at most a year, with permissions its owner
 * holds; at call time its owner's current roles still decide, capped by those permissions, with the groups of the
 * owner's last sign-in (while it is recent enough) rather than those they were in when the token was made.
 */
@ApplicationScoped
public class ApiTokens {

    private static final int MAX_LISTED = 500;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final Pattern SECRET = Pattern.compile(Pattern.quote(ApiToken.PREFIX) + "[A-Za-z0-9_-]{43}");

    @Inject
    JpaApiTokenStore store;

    @Inject
    ApiTokenIssuer issuer;

    @Inject
    CurrentStaff staff;

    @Inject
    AccessControl access;

    @Inject
    AuditLog audit;

    @Inject
    StaffMembers members;

    /** How long after its owner's last sign-in a token still acts through the groups that sign-in listed. */
    @Inject
    @ConfigProperty(name = "tenantry.api-tokens.groups-valid-for", defaultValue = "P14D")
    Duration groupsValidFor;

    /** Why a presented token was not accepted; said to the client in general terms, recorded precisely. */
    public enum Rejection { MALFORMED, UNKNOWN, EXPIRED, REVOKED }

    /** The outcome of checking a presented token: a caller, or why not. */
    public record Verification(ApiTokenCaller caller, Rejection rejection) {

        public boolean accepted() {
            return caller != null;
        }
    }

    /**
     * Creates a token for the signed-in caller; the secret in the answer is never shown or stored again.
     *
     * @param permissions what the token may do: each one the caller holds somewhere
     * @param days        how long it lives, 1 to {@value ApiToken#MAX_LIFETIME_DAYS}
     */
    public IssuedApiToken create(String name, Set<String> permissions, int days) {
        return issuer.issue(browserCaller(), staff.groups(), name, permissions, days);
    }

    /** The caller's own tokens, newest first. */
    @Transactional(TxType.SUPPORTS)
    public List<ApiToken> mine() {
        return staff.user().map(user -> store.list(user, MAX_LISTED)).orElse(List.of());
    }

    /** Every member of staff's tokens, for those who manage access (to revoke a leaver's). */
    @Transactional(TxType.SUPPORTS)
    public List<ApiToken> everyones() {
        if (!mayManageAll()) {
            access.require(staff.user().orElse("anonymous"), staff.groups(), null, "api tokens of other staff", null,
                    Permissions.RBAC_MANAGE);
        }
        return store.list(null, MAX_LISTED);
    }

    /** Whether the caller may see and revoke everyone's tokens. */
    public boolean mayManageAll() {
        return access.callerPermissions(null).contains(Permissions.RBAC_MANAGE);
    }

    /** Revokes a token at once; its owner may, and so may whoever manages access. Revoking twice changes nothing. */
    public ApiToken revoke(String id) {
        String actor = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to revoke tokens"));
        return issuer.revoke(actor, staff.groups(), id);
    }

    /**
     * Checks a presented secret; a refusal is audited with the token's id or last characters, never the secret. Records
     * when an accepted token was last used (at most once a minute).
     */
    @Transactional(TxType.REQUIRED)
    public Verification verify(String presented) {
        if (presented == null || !SECRET.matcher(presented).matches()) {
            return rejected(Rejection.MALFORMED, "unknown", null);
        }
        StoredToken stored = store.findBySecretHash(ApiTokenIssuer.hash(presented)).orElse(null);
        if (stored == null) {
            return rejected(Rejection.UNKNOWN, "unknown", "..." + presented.substring(presented.length() - 4));
        }
        ApiToken token = stored.token();
        Instant now = Instant.now();
        switch (token.statusAt(now)) {
            case REVOKED:
                return rejected(Rejection.REVOKED, token.owner(), token.id());
            case EXPIRED:
                return rejected(Rejection.EXPIRED, token.owner(), token.id());
            default:
                break;
        }
        if (token.lastUsedAt() == null || token.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
            store.touch(token.id(), now.truncatedTo(ChronoUnit.MICROS));
        }
        return new Verification(new ApiTokenCaller(token.id(), token.name(), token.owner(), groupsOf(token.owner(),
                now), token.permissions()), null);
    }

    /**
     * The groups a token acts through: its owner's as of their last sign-in, if that is recent enough
     * ({@code tenantry.api-tokens.groups-valid-for}); none otherwise, so that roles held through a group someone left,
     * or by someone who stopped signing in, lapse instead of lasting as long as the token.
     */
    private List<String> groupsOf(String owner, Instant now) {
        return members.byUserPrincipalName(owner).filter(member -> !member.groupsOverage()
                && member.lastSignIn().plus(groupsValidFor).isAfter(now)).map(StaffMember::groups).orElse(List.of());
    }

    /**
     * Hands the tokens of user name {@code from} to {@code to} (the same person, renamed); sign-in calls it.
     *
     * @return how many
     */
    @Transactional(TxType.REQUIRED)
    public int moveOwner(String from, String to) {
        return store.moveOwner(from, to);
    }

    /**
     * Revokes every active token of user name {@code owner}, which now belongs to someone else; sign-in calls it.
     *
     * @return how many
     */
    @Transactional(TxType.REQUIRED)
    public int revokeAllOf(String owner, String why) {
        return store.revokeAllOf(owner, Instant.now().truncatedTo(ChronoUnit.MICROS), why);
    }

    private Verification rejected(Rejection why, String actor, String which) {
        AuditEvent event = AuditEvent.of(actor, null, "api.token-rejected", which, Outcome.DENIED)
                .with("reason", why.name().toLowerCase(java.util.Locale.ROOT));
        audit.recordSecurityEvent(event);
        return new Verification(null, why);
    }

    private String browserCaller() {
        if (staff.apiToken().isPresent()) {
            throw new AccessDeniedException("API tokens are created in Settings, signed in, not with another token");
        }
        return staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to create API tokens"));
    }
}
