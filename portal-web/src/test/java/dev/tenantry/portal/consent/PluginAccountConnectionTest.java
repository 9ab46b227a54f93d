package dev.tenantry.portal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A plugin's own account (a service account) is a connection of its own beside the tenant's integration account. */
class PluginAccountConnectionTest {

    private static final ScopeSet PROVISIONING = new ScopeSet("teams-governance.provisioning",
            ScopeSet.Resource.MICROSOFT_GRAPH, ScopeSet.Connection.DELEGATED, "Provision teams",
            List.of(new ScopeSet.MicrosoftPermission("Team.Create", ScopeSet.Connection.DELEGATED, false, "Creates"),
                    new ScopeSet.MicrosoftPermission("TeamMember.ReadWrite.All", ScopeSet.Connection.DELEGATED, true,
                            "Adds")), List.of("teams-governance.provisioning"), List.of(), List.of(),
            "teams-governance.service");

    @Test
    void theKeyOfAPluginAccountIsKeptBesideTheOthersAndReadBack() {
        Connection.Key account = ConsentManager.key(PROVISIONING);

        assertEquals(Connection.Key.account("teams-governance.service"), account);
        assertEquals("DELEGATED:teams-governance.service", account.column());
        assertEquals(account, Connection.Key.parse(account.column()));
        assertEquals(Connection.Key.DELEGATED, Connection.Key.parse("DELEGATED"));
        assertEquals(Connection.Key.APPLICATION, Connection.Key.parse("APPLICATION"));
        assertTrue(account.pluginAccount());
        assertFalse(Connection.Key.DELEGATED.pluginAccount());
        assertThrows(IllegalArgumentException.class, () -> new Connection.Key(Connection.Kind.APPLICATION, "x.y"));
        assertThrows(IllegalArgumentException.class, () -> Connection.Key.account(" "));
    }

    @Test
    void anAccountScopeSetIsGrantedOnlyThroughTheAccountsOwnSignIn() {
        ConsentStatus never = ConsentManager.consent("t1", PROVISIONING, Optional.empty());
        assertFalse(never.granted());
        assertTrue(never.reason().contains("teams-governance.service has not signed in"), never.reason());

        ConsentStatus partly = ConsentManager.consent("t1", PROVISIONING, Optional.of(connection("CONNECTED",
                Set.of("Team.Create"))));
        assertFalse(partly.granted());
        assertEquals(List.of("TeamMember.ReadWrite.All"), partly.missing());
        assertTrue(partly.reason().contains("svc-teams@contoso.example has not been granted"), partly.reason());

        assertTrue(ConsentManager.consent("t1", PROVISIONING, Optional.of(connection("CONNECTED",
                Set.of("Team.Create", "TeamMember.ReadWrite.All")))).granted());

        ConsentStatus parked = ConsentManager.consent("t1", PROVISIONING, Optional.of(connection(
                "NEEDS_REAUTHENTICATION", Set.of("Team.Create", "TeamMember.ReadWrite.All"))));
        assertFalse(parked.granted());
        assertTrue(parked.reason().contains("must sign in again"), parked.reason());
    }

    private static Connection connection(String state, Set<String> granted) {
        return new Connection("t1", Connection.Kind.DELEGATED, "teams-governance.service", state,
                "svc-teams@contoso.example", granted, "CONNECTED".equals(state) ? "" : "password changed",
                "admin@northwind-msp.example", Instant.now(), null);
    }
}
