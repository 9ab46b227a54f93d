package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.items;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.AuthenticationMethods.Kind;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Audit logs and reports: sign-in logs and users' authentication registration, both only in tenants with Entra ID P1 or
 * P2 and, for a delegated caller, to the directory roles Microsoft names.
 */
final class ReportsRoutes implements Routes.Area {

    /** Who may read sign-in logs: the roles Microsoft lists for "List signIns" with delegated access. */
    static final Set<String> SIGN_IN_READERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.SECURITY_ADMINISTRATOR, DirectoryRoles.SECURITY_READER, DirectoryRoles.SECURITY_OPERATOR,
            DirectoryRoles.REPORTS_READER, DirectoryRoles.GLOBAL_READER);

    /**
     * Who may read the authentication methods activity reports (userRegistrationDetails) with delegated access: the
     * roles Microsoft lists for the Authentication Methods Activity blade and APIs.
     */
    static final Set<String> REGISTRATION_READERS = Set.of(DirectoryRoles.REPORTS_READER,
            DirectoryRoles.SECURITY_READER, DirectoryRoles.GLOBAL_READER, DirectoryRoles.APPLICATION_ADMINISTRATOR,
            DirectoryRoles.CLOUD_APPLICATION_ADMINISTRATOR, DirectoryRoles.SECURITY_OPERATOR,
            DirectoryRoles.SECURITY_ADMINISTRATOR, DirectoryRoles.GLOBAL_ADMINISTRATOR);

    private final OData odata;

    ReportsRoutes(OData odata) {
        this.odata = odata;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/auditLogs/signIns", SIGN_IN_READERS, call -> {
            if (!Licences.p1(call.tenant)) {
                throw nonPremium();
            }
            List<ObjectNode> newestFirst = new ArrayList<>(items(call.tenant, Directory.SIGN_INS));
            Collections.reverse(newestFirst);
            return odata.collection(call, "auditLogs/signIns", newestFirst, Set.of("id", "userId",
                    "userPrincipalName", "appId", "createdDateTime", "ipAddress"), null);
        });
        // "A Microsoft Entra ID P1 or P2 license is required to access authentication methods usage and insights
        // reports", userRegistrationDetails among them
        routes.add("GET", "/reports/authenticationMethods/userRegistrationDetails", REGISTRATION_READERS, call -> {
            if (!Licences.p1(call.tenant)) {
                throw nonPremium();
            }
            return odata.collection(call, "reports/authenticationMethods/userRegistrationDetails",
                    registrationDetails(call.tenant), null, null);
        });
    }

    /** Graph's 403 for what needs Microsoft Entra ID P1 or P2 in a tenant without. */
    static GraphError nonPremium() {
        return new GraphError(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                "Neither tenant is B2C or tenant doesn't have premium license");
    }

    /**
     * {@code userRegistrationDetails}: one entry per user of the tenant with every property (as Microsoft answers
     * without {@code $select}). What the user registered comes from its authentication methods, so a method deleted or
     * added through Graph shows here: {@code methodsRegistered}, {@code isMfaRegistered}/{@code isMfaCapable} (a
     * second factor), {@code isPasswordlessCapable}; {@code isSsprRegistered} as the seeded entry of the same path has
     * it (matched by user principal name), as long as a method that resets a password remains; the entry's other
     * settings ({@code isSsprEnabled}, ...) as seeded, else off. {@code isAdmin} from the user's directory roles. Each
     * entry is made when its page is answered.
     */
    private static List<ObjectNode> registrationDetails(Tenant tenant) {
        Map<String, ObjectNode> seeded = new HashMap<>();
        items(tenant, "/reports/authenticationMethods/userRegistrationDetails").forEach(entry -> seeded.put(
                entry.path("userPrincipalName").asText().toLowerCase(Locale.ROOT), entry));
        return OData.lazily(tenant.users(), user -> {
            ObjectNode entry = Json.object().put("id", user.id())
                    .put("userPrincipalName", user.userPrincipalName())
                    .put("userDisplayName", user.json().path("displayName").asText())
                    .put("userType", "member").put("isAdmin", !user.directoryRoles().isEmpty())
                    .put("isMfaRegistered", false).put("isMfaCapable", false).put("isSsprRegistered", false)
                    .put("isSsprEnabled", false).put("isSsprCapable", false).put("isPasswordlessCapable", false)
                    .put("isSystemPreferredAuthenticationMethodEnabled", false);
            ObjectNode known = seeded.get(user.userPrincipalName().toLowerCase(Locale.ROOT));
            if (known != null) {
                known.properties().forEach(property -> {
                    if (!property.getKey().equals("userPrincipalName")) {
                        entry.set(property.getKey(), property.getValue().deepCopy());
                    }
                });
            }
            Set<Kind> kinds = user.methodKinds();
            ArrayNode registered = entry.putArray("methodsRegistered");
            kinds.stream().map(Kind::registeredAs).filter(Objects::nonNull).forEach(registered::add);
            boolean mfa = kinds.stream().anyMatch(Kind::multifactor);
            boolean sspr = kinds.stream().anyMatch(Kind::selfServiceReset);
            entry.put("isMfaRegistered", mfa).put("isMfaCapable", mfa)
                    .put("isPasswordlessCapable", kinds.stream().anyMatch(Kind::passwordless))
                    .put("isSsprRegistered", sspr && (known == null ? true
                            : known.path("isSsprRegistered").asBoolean(true)));
            if (!sspr) {
                entry.put("isSsprCapable", false);
            }
            entry.put("lastUpdatedDateTime", "2026-11-01T00:00:00Z");
            return entry;
        });
    }
}
