package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.AuthenticationMethods.Kind;
import dev.tenantry.emulator.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user of a tenant: the Graph representation (exactly what {@code /users/{id}} returns in full) plus what only the
 * identity side knows — the password, directory roles and when sessions were last revoked — and what Graph serves
 * apart from the user's properties: its sign-in activity and its authentication methods. Guarded by the
 * {@link Directory}'s lock.
 */
public final class DirectoryUser {

    private final ObjectNode json;
    private String password;
    private final Set<String> directoryRoles;
    private Instant sessionsValidAfter = Instant.EPOCH;
    /** Per-user MFA "enforced": every sign-in takes a second factor, and a grant made without one no longer serves. */
    private volatile boolean mfaEnforced;
    private long version;
    private Instant lastSignIn;
    private Instant lastNonInteractiveSignIn;
    /** The kinds of method a seeded user registered, until its methods are first used. */
    private int seededMethods;
    private List<ObjectNode> methods;
    private String defaultMethodId;

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

    /** Whether Entra asks this user for a second factor at each sign-in (per-user MFA enforced). */
    public boolean mfaEnforced() {
        return mfaEnforced;
    }

    /**
     * Enforces (or no longer) per-user MFA: the next sign-ins ask for a code sent to the user's phone, and refresh
     * tokens granted without a second factor are answered "interaction required" (AADSTS50076).
     */
    public void enforceMfa(boolean enforced) {
        this.mfaEnforced = enforced;
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

    /** When the user last signed in interactively and non-interactively; null when never. */
    void signInActivity(Instant interactive, Instant nonInteractive) {
        this.lastSignIn = interactive;
        this.lastNonInteractiveSignIn = nonInteractive;
    }

    void signedIn(Instant at) {
        lastSignIn = at;
    }

    /**
     * {@code signInActivity} as Graph answers it ({@code lastSignInDateTime}, {@code lastNonInteractiveSignInDateTime},
     * {@code lastSuccessfulSignInDateTime} with their request ids), or null for a user who never signed in.
     */
    public ObjectNode signInActivity() {
        if (lastSignIn == null && lastNonInteractiveSignIn == null) {
            return null;
        }
        ObjectNode activity = Json.object();
        Instant latest = lastSignIn == null ? lastNonInteractiveSignIn : lastNonInteractiveSignIn == null ? lastSignIn
                : lastSignIn.isAfter(lastNonInteractiveSignIn) ? lastSignIn : lastNonInteractiveSignIn;
        put(activity, "lastSignIn", lastSignIn);
        put(activity, "lastNonInteractiveSignIn", lastNonInteractiveSignIn);
        put(activity, "lastSuccessfulSignIn", latest);
        return activity;
    }

    private void put(ObjectNode activity, String name, Instant at) {
        if (at == null) {
            activity.putNull(name + "DateTime").putNull(name + "RequestId");
        } else {
            activity.put(name + "DateTime", at.toString()).put(name + "RequestId",
                    Directory.stableId(id(), name, at.toString()));
        }
    }

    void seedMethods(Set<Kind> kinds) {
        seededMethods = AuthenticationMethods.bits(kinds);
    }

    /** Whether the user's methods were seeded or registered; a seed written as reports fills in the others. */
    boolean hasMethods() {
        return seededMethods != 0 || methods != null;
    }

    /** The kinds of method the user has registered, without making the methods of a seeded user. */
    public Set<Kind> methodKinds() {
        if (methods == null) {
            EnumSet<Kind> kinds = AuthenticationMethods.kinds(seededMethods);
            kinds.add(Kind.PASSWORD);
            return kinds;
        }
        EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
        methods.forEach(method -> kinds.add(kindOf(method)));
        return kinds;
    }

    /** The user's methods (live objects: copy before answering), the password first. */
    public List<ObjectNode> authenticationMethods() {
        if (methods == null) {
            methods = new ArrayList<>(AuthenticationMethods.materialise(this, AuthenticationMethods.kinds(
                    seededMethods)));
            seededMethods = 0;
            defaultMethodId = methods.stream().filter(method -> kindOf(method).multifactor()).findFirst()
                    .map(method -> method.path("id").asText()).orElse(null);
        }
        return methods;
    }

    /** The method users are asked for first as second factor (the first multifactor method registered), if any. */
    public Optional<String> defaultMethodId() {
        authenticationMethods();
        return Optional.ofNullable(defaultMethodId);
    }

    void addMethod(ObjectNode method) {
        authenticationMethods().add(method);
        if (defaultMethodId == null && kindOf(method).multifactor()) {
            defaultMethodId = method.path("id").asText();
        }
    }

    boolean removeMethod(String id) {
        boolean removed = authenticationMethods().removeIf(method -> method.path("id").asText().equalsIgnoreCase(id));
        if (removed && id.equalsIgnoreCase(defaultMethodId)) {
            defaultMethodId = methods.stream().filter(method -> kindOf(method).multifactor()).findFirst()
                    .map(method -> method.path("id").asText()).orElse(null);
        }
        return removed;
    }

    /** The kind of one of the user's methods, from its {@code @odata.type}. */
    public static Kind kindOf(ObjectNode method) {
        String type = method.path("@odata.type").asText().replace("#microsoft.graph.", "")
                .replace("AuthenticationMethod", "");
        return Kind.named(type).orElseThrow();
    }
}
