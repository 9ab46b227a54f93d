package dev.tenantry.plugins.usermanagement.directory;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A user of a customer tenant as the last sync read them: Entra ID's profile, whether they may sign in, their licences
 * by name, the directory roles they hold, their MFA registration and last sign-in (when the tenant has Entra ID P1 and
 * granted the activity scope set; {@code null} when not known), and when Microsoft deleted them (soft-deleted users
 * stay 30 days). Nothing in it changes unless the user did, so a sync that reads an unchanged user writes nothing (when
 * the tenant was last read is its {@link SyncState}'s).
 *
 * @param lastSignIn the latest of the interactive and non-interactive sign-ins; {@link #NEVER} when the user never
 *                   signed in, {@code null} when not known
 */
public record ManagedUser(String id, String displayName, String userPrincipalName, String mail, boolean accountEnabled,
        String userType, String department, String jobTitle, String usageLocation, Instant createdAt,
        List<Licence> licences, List<String> roles, Boolean mfaRegistered, List<String> methodsRegistered,
        Instant lastSignIn, boolean onPremisesSynced, Instant deletedAt) implements Serializable {

    /** The last sign-in of a user known never to have signed in. */
    public static final Instant NEVER = Instant.EPOCH;

    /** A licence the user holds: the SKU's id and its product name. */
    public record Licence(String skuId, String name) implements Serializable {
    }

    public ManagedUser {
        licences = licences == null ? List.of() : List.copyOf(licences);
        roles = roles == null ? List.of() : List.copyOf(roles);
        methodsRegistered = methodsRegistered == null ? null : List.copyOf(methodsRegistered);
    }

    /** Whether they hold a directory role: technicians need {@code user-management:manage-admins} to act on them. */
    public boolean administrator() {
        return !roles.isEmpty();
    }

    public boolean guest() {
        return "Guest".equalsIgnoreCase(userType);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Whether they are known never to have signed in. */
    public boolean neverSignedIn() {
        return NEVER.equals(lastSignIn);
    }

    /** The licences' names, comma-separated, for the table and the CSV. */
    public String licenceNames() {
        return String.join(", ", licences.stream().map(Licence::name).toList());
    }

    public ManagedUser withRoles(List<String> held) {
        return new ManagedUser(id, displayName, userPrincipalName, mail, accountEnabled, userType, department, jobTitle,
                usageLocation, createdAt, licences, held, mfaRegistered, methodsRegistered, lastSignIn,
                onPremisesSynced, deletedAt);
    }

    public ManagedUser withLicences(List<Licence> held) {
        return new ManagedUser(id, displayName, userPrincipalName, mail, accountEnabled, userType, department, jobTitle,
                usageLocation, createdAt, held, roles, mfaRegistered, methodsRegistered, lastSignIn, onPremisesSynced,
                deletedAt);
    }

    public ManagedUser withRegistration(Boolean registered, List<String> methods) {
        return new ManagedUser(id, displayName, userPrincipalName, mail, accountEnabled, userType, department, jobTitle,
                usageLocation, createdAt, licences, roles, registered, methods, lastSignIn, onPremisesSynced,
                deletedAt);
    }

    public ManagedUser deletedAt(Instant at) {
        return new ManagedUser(id, displayName, userPrincipalName, mail, accountEnabled, userType, department, jobTitle,
                usageLocation, createdAt, licences, roles, mfaRegistered, methodsRegistered, lastSignIn,
                onPremisesSynced, at);
    }

    /** Lower-cased, for the indexed prefix search (names and UPNs are searched whatever their case). */
    static String searchable(String text) {
        if (text == null) {
            return null;
        }
        String lower = text.strip().toLowerCase(Locale.ROOT);
        return lower.length() > 200 ? lower.substring(0, 200) : lower;
    }
}
