package dev.tenantry.portal.consentcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.api.manifest.ScopeSet.Connection;
import dev.tenantry.plugin.api.manifest.ScopeSet.MicrosoftPermission;
import dev.tenantry.portal.consent.HostScopeSets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftTest {

    private static final ScopeSet.Resource GRAPH = ScopeSet.Resource.MICROSOFT_GRAPH;
    private static final String EXO = "https://outlook.office365.com/";

    private static final Map<String, Boolean> CATALOGUE = Map.of("user.read.all", true, "mail.read", false,
            "organization.read.all", true, "directory.read.all", true, "user.read", false, "calendars.read", false);

    private static ScopeSet set(String id, Connection connection, boolean admin, String... permissions) {
        return new ScopeSet(id, ScopeSet.Resource.MICROSOFT_GRAPH, connection, "purpose", Arrays.stream(permissions)
                .map(name -> new MicrosoftPermission(name, connection, admin, "why")).toList(), List.of(id + "-feature"),
                List.of());
    }

    private static LiveGrants.Reading live(List<String> delegated, List<String> application) {
        return new LiveGrants.Reading(Optional.of("sp"), List.of(new LiveGrants.Grant("g1", "Principal", "u1",
                ScopeSet.Resource.MICROSOFT_GRAPH, Set.copyOf(delegated))), application.stream().map(role -> new LiveGrants.Assignment("a-" + role, role))
                .toList(), CATALOGUE, Set.of("User.Read.All", "AuditLog.Read.All"));
    }

    @Test
    void missingPerScopeSetDegradesItsFeaturesAndBroaderGrantsCover() {
        Drift drift = Drift.of(List.of(
                new Drift.Need("Secure", set("secure.read", Connection.DELEGATED, true, "User.Read.All",
                        "Organization.Read.All"), false),
                new Drift.Need("Alerts", set("alerts.read", Connection.DELEGATED, true, "User.Read.All"), false)),
                live(List.of("openid", "profile", "offline_access", "User.ReadWrite.All"), List.of()),
                Optional.empty());

        assertEquals(Map.of("secure.read", Set.of("Organization.Read.All")), drift.missing());
        assertEquals(Set.of("secure.read-feature"), drift.degraded());
        assertTrue(drift.excessDelegated().isEmpty(), "User.ReadWrite.All covers what both need; sign-in scopes stay");
        assertFalse(drift.matches());
    }

    @Test
    void whatNothingNeedsIsExcessButTenantrysOwnOptionalSetsAreNot() {
        Drift drift = Drift.of(List.of(
                new Drift.Need("Secure", set("secure.read", Connection.DELEGATED, true, "User.Read.All"), false),
                new Drift.Need("Tenantry", HostScopeSets.REVIEW, true),
                new Drift.Need("Tenantry", HostScopeSets.MAINTENANCE, true),
                new Drift.Need("Reports", set("reports.app", Connection.APPLICATION, true, "AuditLog.Read.All"),
                        false)),
                live(List.of("User.Read.All", "Directory.Read.All", "Mail.Read", "Calendars.Read"),
                        List.of("AuditLog.Read.All", "User.Read.All")), Optional.empty());

        assertEquals(Set.of("Mail.Read", "Calendars.Read"), Set.copyOf(drift.excessDelegated()));
        assertEquals(Set.of("User.Read.All"), Set.copyOf(drift.excessApplication()));
        assertTrue(drift.missing().isEmpty(), "an optional set that is not granted degrades nothing: "
                + drift.missing());
    }

    @Test
    void aManifestThatDisagreesWithMicrosoftOrNamesAnUnknownPermissionIsFlagged() {
        Drift drift = Drift.of(List.of(
                new Drift.Need("Secure", set("secure.read", Connection.DELEGATED, false, "User.Read.All",
                        "Mail.Read", "Mail.Reed"), false),
                new Drift.Need("Reports", set("reports.app", Connection.APPLICATION, true, "Reports.Read.Everything"),
                        false)),
                live(List.of("User.Read.All", "Mail.Read"), List.of()), Optional.empty());

        assertEquals(List.of(
                "Secure declares User.Read.All as not needing an administrator's consent; Microsoft says only an "
                        + "administrator can grant it",
                "Secure asks for delegated permission Mail.Reed, which Microsoft Graph does not publish in this tenant",
                "Reports asks for application permission Reports.Read.Everything, which Microsoft Graph does not "
                        + "publish in this tenant"), drift.disagreements());
    }

    @Test
    void missingIsWhatTheConnectionsAccountCanUseWhileExcessIsAnyGrant() {
        LiveGrants.Reading reading = new LiveGrants.Reading(Optional.of("sp"), List.of(
                new LiveGrants.Grant("mine", "Principal", "account", GRAPH, Set.of("openid", "User.Read.All")),
                new LiveGrants.Grant("theirs", "Principal", "someone-else", GRAPH, Set.of("Organization.Read.All",
                        "Mail.Read")),
                new LiveGrants.Grant("everyone", "AllPrincipals", null, GRAPH, Set.of("Calendars.Read"))), List.of(),
                CATALOGUE, Set.of());
        Drift drift = Drift.of(List.of(new Drift.Need("Secure", set("secure.read", Connection.DELEGATED, true,
                "User.Read.All", "Organization.Read.All"), false)), reading, Optional.of("account"));

        assertEquals(Map.of("secure.read", Set.of("Organization.Read.All")), drift.missing(),
                "another account's grant does not serve the connection");
        assertEquals(Set.of("Mail.Read", "Calendars.Read"), Set.copyOf(drift.excessDelegated()));
        assertEquals(Set.of("openid", "User.Read.All", "Calendars.Read"),
                Set.copyOf(reading.delegatedFor(Optional.of("account"))));
    }

    @Test
    void aPluginAccountsScopeSetIsComparedWithWhatThatAccountCanUse() {
        ScopeSet provisioning = new ScopeSet("teams.provisioning", GRAPH, Connection.DELEGATED, "p", List.of(
                new MicrosoftPermission("Mail.Read", Connection.DELEGATED, false, "why")), List.of("teams.provision"),
                List.of(), List.of(), "teams.service");
        List<Drift.Need> needs = List.of(new Drift.Need("Teams", provisioning, false));
        LiveGrants.Reading integrationOnly = new LiveGrants.Reading(Optional.of("sp"), List.of(
                new LiveGrants.Grant("mine", "Principal", "account", GRAPH, Set.of("Mail.Read"))), List.of(),
                CATALOGUE, Set.of());
        LiveGrants.Reading serviceToo = new LiveGrants.Reading(Optional.of("sp"), List.of(
                new LiveGrants.Grant("mine", "Principal", "account", GRAPH, Set.of("Mail.Read")),
                new LiveGrants.Grant("svc", "Principal", "svc-object", GRAPH, Set.of("Mail.Read"))), List.of(),
                CATALOGUE, Set.of());

        assertEquals(Map.of("teams.provisioning", Set.of("Mail.Read")), Drift.of(needs, integrationOnly,
                Optional.of("account"), account -> Optional.of("svc-object")).missing(),
                "the integration account's own grant is not the service account's");
        assertEquals(Map.of("teams.provisioning", Set.of("Mail.Read")), Drift.of(needs, integrationOnly,
                Optional.of("account"), account -> Optional.empty()).missing(), "an account never signed in has only "
                + "the tenant-wide grant");
        assertTrue(Drift.of(needs, serviceToo, Optional.of("account"), account -> Optional.of("svc-object"))
                .missing().isEmpty());
    }

    @Test
    void exchangeOnlineIsComparedWithItselfNotWithGraphsPermissionsOfTheSameName() {
        ScopeSet audit = new ScopeSet("hello.audit", ScopeSet.Resource.EXCHANGE_ONLINE, Connection.DELEGATED, "p",
                List.of(new MicrosoftPermission("Exchange.Manage", Connection.DELEGATED, true, "why"),
                        new MicrosoftPermission("Mail.Read", Connection.DELEGATED, false, "why")),
                List.of("hello.greeting"), List.of());
        Map<String, Boolean> catalogue = new java.util.HashMap<>(CATALOGUE);
        catalogue.put((EXO + "Exchange.Manage").toLowerCase(java.util.Locale.ROOT), true);
        catalogue.put((EXO + "Mail.Read").toLowerCase(java.util.Locale.ROOT), false);
        LiveGrants.Reading reading = new LiveGrants.Reading(Optional.of("sp"), List.of(
                new LiveGrants.Grant("graph", "Principal", "account", GRAPH, Set.of("openid", "Mail.Read")),
                new LiveGrants.Grant("exo", "Principal", "account", ScopeSet.Resource.EXCHANGE_ONLINE,
                        Set.of("Exchange.Manage", "EWS.AccessAsUser.All"))), List.of(), catalogue, Set.of());

        Drift drift = Drift.of(List.of(new Drift.Need("Hello", audit, false)), reading, Optional.of("account"));

        assertEquals(Map.of("hello.audit", Set.of(EXO + "Mail.Read")), drift.missing(),
                "Graph's Mail.Read is not Exchange Online's");
        assertEquals(Set.of("Mail.Read", EXO + "EWS.AccessAsUser.All"), Set.copyOf(drift.excessDelegated()));
        assertTrue(drift.disagreements().isEmpty(), drift.disagreements().toString());
    }
}
