package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.containsIgnoreCase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import java.util.Map;
import java.util.Set;

/**
 * Who may change which properties of a user ({@code PATCH /users/{id}}), as "Update user" documents it: each permission
 * unlocks only its properties (User-PasswordProfile.ReadWrite.All the password profile, User.EnableDisableAccount.All
 * {@code accountEnabled}, User-Phone.ReadWrite.All and User-Mail.ReadWrite.All the phones and other mails,
 * User.ManageIdentities.All {@code identities}, User.ReadWrite.All and Directory.ReadWrite.All every other property,
 * User.ReadWrite a user's own self-service profile), and a delegated caller changing someone else needs a directory
 * role: User Administrator, or for the password profile and the sensitive properties of a user who holds an
 * administrator role, Privileged Authentication Administrator (Global Administrator always). The password of a user
 * without an administrator role may also be reset by a Helpdesk or an Authentication Administrator ("Who can reset
 * passwords" in the users reference), not that user's other sensitive properties. A request touching a property it may
 * not change is refused whole, with Graph's 403.
 */
final class UserUpdates {

    private static final Set<String> GENERAL = Set.of("User.ReadWrite.All", "Directory.ReadWrite.All");
    /** The properties with a narrower permission of their own; any other property is a general one. */
    private static final Map<String, Set<String>> NARROW = Map.of(
            "passwordProfile", Set.of("User-PasswordProfile.ReadWrite.All", "Directory.AccessAsUser.All"),
            "accountEnabled", Set.of("User.EnableDisableAccount.All", "User.ReadWrite.All", "Directory.ReadWrite.All"),
            "businessPhones", Set.of("User-Phone.ReadWrite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"),
            "mobilePhone", Set.of("User-Phone.ReadWrite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"),
            "otherMails", Set.of("User-Mail.ReadWrite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"),
            "identities", Set.of("User.ManageIdentities.All"));
    /** The profile a member may edit about themselves (User.ReadWrite, no role): "Update user"'s self-service fields. */
    static final Set<String> SELF_SERVICE = Set.of("aboutMe", "birthday", "interests", "mySite", "pastProjects",
            "preferredName", "responsibilities", "schools", "skills");
    /** Changing these for a user who holds an administrator role is a sensitive action. */
    private static final Set<String> SENSITIVE = Set.of("passwordProfile", "accountEnabled", "businessPhones",
            "mobilePhone", "otherMails");
    private static final Set<String> USER_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR);
    private static final Set<String> SENSITIVE_FOR_USERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, DirectoryRoles.USER_ADMINISTRATOR);
    private static final Set<String> PASSWORD_FOR_USERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, DirectoryRoles.USER_ADMINISTRATOR,
            DirectoryRoles.HELPDESK_ADMINISTRATOR, DirectoryRoles.AUTHENTICATION_ADMINISTRATOR);
    private static final Set<String> SENSITIVE_FOR_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR);

    private UserUpdates() {
    }

    /** Refuses {@code changes} to {@code target} unless the call's token and (delegated) role allow every property. */
    static void authorize(Call call, DirectoryUser target, JsonNode changes) {
        Set<String> held = Set.copyOf(Directory.splitScopes(Call.tokenPermissions(call.claims)));
        boolean self = call.user != null && call.user.id().equals(target.id());
        changes.fieldNames().forEachRemaining(property -> {
            if (property.equalsIgnoreCase("id") || property.startsWith("@odata.")) {
                return;
            }
            boolean selfService = self && SELF_SERVICE.contains(property);
            Set<String> unlocking = NARROW.getOrDefault(property, GENERAL);
            if (unlocking.stream().noneMatch(permission -> containsIgnoreCase(held, permission))
                    && !(selfService && containsIgnoreCase(held, "User.ReadWrite"))) {
                throw GraphError.denied();
            }
            if (!selfService) {
                call.requireDirectoryRole(rolesFor(property, target));
            }
        });
    }

    private static Set<String> rolesFor(String property, DirectoryUser target) {
        if (!SENSITIVE.contains(property)) {
            return USER_ADMINISTRATORS;
        }
        if (!target.directoryRoles().isEmpty()) {
            return SENSITIVE_FOR_ADMINISTRATORS;
        }
        return property.equals("passwordProfile") ? PASSWORD_FOR_USERS : SENSITIVE_FOR_USERS;
    }
}
