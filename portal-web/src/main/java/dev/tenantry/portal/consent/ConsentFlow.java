package dev.tenantry.portal.consent;

import com.microsoft.aad.msal4j.Prompt;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.consent.internal.ConsentStore;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.IdentitySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Incremental consent for a delegated connection: asks a customer tenant's account for exactly what the chosen scope
 * sets lack (one resource per request), and keeps the connection it makes. The request is bound to the member of staff
 * who started it with a single-use, expiring {@code state} (only its hash is stored) and PKCE (the verifier sealed);
 * a state that is unknown, replayed, expired or started by someone else is refused and audited. Every step is audited:
 * {@code consent.prompt}, {@code consent.granted}, {@code consent.denied}, {@code consent.state-rejected}.
 */
@ApplicationScoped
public class ConsentFlow {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> SIGN_IN = Set.of("openid", "profile", "offline_access");

    @Inject
    jakarta.enterprise.event.Event<ConsentGranted> grantedEvents;

    @Inject
    ConsentManager manager;

    @Inject
    ScopeSetCatalogue catalogue;

    @Inject
    ConsentStore store;

    @Inject
    TokenService tokens;

    @Inject
    SecretBox secrets;

    @Inject
    AccessControl access;

    @Inject
    CurrentStaff staff;

    @Inject
    AuditLog audit;

    @Inject
    IdentitySettings identity;

    @Inject
    @ConfigProperty(name = "tenantry.consent.redirect-uri")
    Optional<String> redirectUri;

    /** Where the identity provider returns after consent. */
    public String redirectUri() {
        return redirectUri.filter(uri -> !uri.isBlank())
                .orElseGet(() -> identity.redirectUri().replace("/auth/callback", "/consent/callback"));
    }

    /**
     * Starts consent in {@code tenantId} for what {@code scopeSetIds} lack; returns where to send the browser.
     *
     * @throws AccessDeniedException    without {@code consent:manage} in the tenant
     * @throws IllegalArgumentException for scope sets that are unknown, of a plugin that does not work in the tenant,
     *                                  of several resources or not delegated, or when nothing is missing
     */
    public URI start(String tenantId, List<String> scopeSetIds, String returnTo) {
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to grant consent"));
        List<ScopeSet> sets = new ArrayList<>();
        for (String id : scopeSetIds) {
            sets.add(manager.scopeSet(tenantId, id));
        }
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("Choose what to grant");
        }
        if (sets.get(0).byPluginAccount()) {
            return startAccount(user, tenantId, sets, returnTo);
        }
        access.require(user, staff.groups(), tenantId, "consent " + tenantId, null, Permissions.CONSENT_MANAGE);
        ScopeSet.Resource resource = sets.get(0).resource();
        for (ScopeSet set : sets) {
            if (set.resource() != resource) {
                throw new IllegalArgumentException("One consent request is for one resource; " + set.id()
                        + " is for " + set.resource().key());
            }
            if (set.connection() != ScopeSet.Connection.DELEGATED) {
                throw new IllegalArgumentException(set.id() + " needs the application connection: admin consent");
            }
        }
        Set<String> missing = new LinkedHashSet<>();
        sets.forEach(set -> missing.addAll(manager.consent(tenantId, set).missing()));
        if (missing.isEmpty()) {
            throw new IllegalArgumentException("Everything these scope sets ask for is granted already");
        }
        Set<String> scopes = new LinkedHashSet<>(SIGN_IN);
        missing.forEach(permission -> scopes.add(ResourcePermissions.uri(resource) + "/" + permission));
        String state = random(32);
        String verifier = random(48);
        String hash = sha256(state);
        store.begin(hash, new ConsentStore.Attempt(tenantId, Connection.Key.DELEGATED, resource.key(), scopes,
                sets.stream().map(ScopeSet::id).toList(), secrets.seal(verifier, "pkce:" + hash), user,
                ReturnPaths.safe(returnTo), Instant.now().plus(LIFETIME), null));
        audit.recordSecurityEvent(AuditEvent.of(user, tenantId, "consent.prompt", String.join(",", scopeSetIds),
                Outcome.SUCCESS).with("permissions", String.join(" ", missing)).with("resource", resource.key()));
        return tokens.authorizationUrl(tenantId, scopes, redirectUri(), state, challenge(verifier));
    }

    /**
     * Starts the sign-in of a plugin's account (a service account): registering it, signing it in again after its
     * password or second factor changed ("Update"), or for a purpose it did not serve yet. The account is asked for
     * what these scope sets ask of the resource and for what it holds already of the other scope sets of the account
     * (so a sign-in for one purpose keeps the others; a purpose never used is never asked); the identity provider is
     * told to ask for the password now ({@code prompt=login}), so that the account registered is the one whose
     * password was typed, not whoever is signed in to Microsoft in that browser. Needs the account's permission (its
     * manifest names it) or {@code consent:manage} in the tenant.
     */
    private URI startAccount(String user, String tenantId, List<ScopeSet> sets, String returnTo) {
        String accountId = sets.get(0).account();
        String pluginId = ScopeSetCatalogue.pluginOf(sets.get(0).id());
        PluginManifest manifest = catalogue.runningManifest(pluginId)
                .orElseThrow(() -> new IllegalArgumentException("The plugin " + pluginId + " is not running"));
        PluginManifest.AccountDeclaration account = manifest.account(accountId)
                .orElseThrow(() -> new IllegalArgumentException("The plugin declares no account " + accountId));
        Set<String> caller = access.callerPermissions(tenantId);
        if (!caller.contains(account.permission()) && !caller.contains(Permissions.CONSENT_MANAGE)) {
            access.require(user, staff.groups(), tenantId, "account " + accountId + " in " + tenantId, null,
                    account.permission());
        }
        ScopeSet.Resource resource = sets.get(0).resource();
        for (ScopeSet set : sets) {
            if (!set.account().equals(accountId) || set.resource() != resource) {
                throw new IllegalArgumentException("One sign-in is for one account and one resource; " + set.id()
                        + " is not for " + accountId + " and " + resource.key());
            }
        }
        Connection.Key key = Connection.Key.account(accountId);
        Optional<Connection> now = manager.connection(tenantId, key);
        Set<String> permissions = new java.util.TreeSet<>();
        sets.forEach(set -> set.permissions().forEach(permission -> permissions.add(permission.name())));
        Set<String> held = now.filter(Connection::connected).map(connection -> ResourcePermissions.of(
                connection.granted(), resource)).orElse(Set.of());
        List<String> kept = new ArrayList<>();
        for (ScopeSet other : manifest.scopeSets()) {
            List<String> asked = other.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
            if (other.account().equals(accountId) && other.resource() == resource && !sets.contains(other)
                    && PermissionCoverage.missing(held, asked).isEmpty()) {
                permissions.addAll(asked);
                kept.add(other.id());
            }
        }
        Set<String> scopes = new LinkedHashSet<>(SIGN_IN);
        permissions.forEach(permission -> scopes.add(ResourcePermissions.uri(resource) + "/" + permission));
        String state = random(32);
        String verifier = random(48);
        String hash = sha256(state);
        List<String> accountSets = new ArrayList<>(sets.stream().map(ScopeSet::id).toList());
        accountSets.addAll(kept);
        store.begin(hash, new ConsentStore.Attempt(tenantId, key, resource.key(), scopes, accountSets,
                secrets.seal(verifier, "pkce:" + hash), user, ReturnPaths.safe(returnTo),
                Instant.now().plus(LIFETIME), null));
        audit.recordSecurityEvent(AuditEvent.of(user, tenantId, "consent.account-sign-in", accountId,
                Outcome.SUCCESS).with("permissions", String.join(" ", permissions)).with("resource", resource.key())
                .with("signedInBefore", now.map(Connection::account).orElse("")));
        return tokens.authorizationUrl(tenantId, scopes, redirectUri(), state, challenge(verifier), Prompt.LOGIN,
                now.map(Connection::account).filter(upn -> upn != null && !upn.isBlank()).orElse(null));
    }

    /** How a consent callback ended, and where the user goes next. */
    public record Completion(boolean granted, String problem, String tenantId, List<String> scopeSetIds,
            String returnTo) {
    }

    /**
     * Completes consent with what the identity provider sent back: a code, or an error.
     *
     * @param error            the provider's {@code error}, when consent was not given
     * @param errorDescription its description (its AADSTS code tells "needs an administrator")
     */
    public Completion complete(String state, String code, String error, String errorDescription) {
        String user = staff.user().orElse("anonymous");
        Optional<ConsentStore.Attempt> found = state == null || state.isBlank() || state.length() > 200
                ? Optional.empty() : store.take(sha256(state));
        String problem = found.isEmpty() ? "unknown state"
                : found.get().usedAt() != null ? "state used before"
                : Instant.now().isAfter(found.get().expiresAt()) ? "state expired"
                : !found.get().startedBy().equals(user) ? "started by someone else" : null;
        if (problem != null) {
            audit.recordSecurityEvent(AuditEvent.of(user, found.map(ConsentStore.Attempt::tenantId).orElse(null),
                    "consent.state-rejected", "consent callback", Outcome.DENIED).with("reason", problem));
            return new Completion(false, "state", found.map(ConsentStore.Attempt::tenantId).orElse(null),
                    List.of(), null);
        }
        ConsentStore.Attempt attempt = found.get();
        String stateHash = sha256(state);
        if (error != null && !error.isBlank()) {
            boolean needsAdmin = "consent_required".equals(error) || (errorDescription != null
                    && errorDescription.contains("AADSTS90094"));
            audit.recordSecurityEvent(AuditEvent.of(user, attempt.tenantId(), "consent.denied",
                    String.join(",", attempt.scopeSetIds()), Outcome.DENIED).with("error", clip(error))
                    .with("adminRequired", String.valueOf(needsAdmin)));
            return new Completion(false, needsAdmin ? "admin" : "denied", attempt.tenantId(), attempt.scopeSetIds(),
                    attempt.returnTo());
        }
        try {
            String verifier = secrets.open(attempt.verifierSealed(), "pkce:" + stateHash);
            TokenService.Redeemed redeemed = tokens.redeem(attempt.tenantId(), attempt.key(), code, verifier,
                    attempt.scopes(), redirectUri(), user);
            audit.recordSecurityEvent(AuditEvent.of(user, attempt.tenantId(), "consent.granted",
                    String.join(",", attempt.scopeSetIds()), Outcome.SUCCESS).with("account", redeemed.account())
                    .with("connection", attempt.key().column())
                    .with("granted", String.join(" ", new java.util.TreeSet<>(redeemed.granted()))));
            grantedEvents.fire(new ConsentGranted(attempt.tenantId(), attempt.scopeSetIds()));
            return new Completion(true, null, attempt.tenantId(), attempt.scopeSetIds(), attempt.returnTo());
        } catch (RuntimeException e) {
            audit.recordSecurityEvent(AuditEvent.of(user, attempt.tenantId(), "consent.failed",
                    String.join(",", attempt.scopeSetIds()), Outcome.FAILURE).with("reason", clip(e.getMessage())));
            return new Completion(false, "failed", attempt.tenantId(), attempt.scopeSetIds(), attempt.returnTo());
        }
    }

    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(verifier));
    }

    /** How a state is kept: only its SHA-256, in hex. */
    public static String sha256(String value) {
        return HexFormat.of().formatHex(digest(value));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random value of {@code bytes} bytes, base64url: states, PKCE verifiers. */
    static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String clip(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) : text;
    }
}
