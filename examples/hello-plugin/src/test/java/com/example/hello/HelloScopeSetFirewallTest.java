package com.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.PasswordProfile;
import com.microsoft.graph.models.User;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.plugin.api.GraphRequestRefusedException;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plugin's calls are held to its own scope set: the tenant granted another plugin a password-reset permission, so
 * the token behind hello's scope set carries it too (Entra, like the emulator, puts every granted permission in each
 * token), yet a password reset through {@code hello.profile} is refused before it reaches Microsoft.
 */
@EmulatorTest
class HelloScopeSetFirewallTest {

    @Test
    void aPluginCannotCallOutsideItsScopeSet(M365Emulator emulator) throws Exception {
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant("other.password-reset", "contoso.example", "megan.bowen@contoso.example", false,
                        List.of("User-PasswordProfile.ReadWrite.All"))
                .grant(HelloIds.PROFILE_SCOPES, "contoso.example", "megan.bowen@contoso.example", false,
                        List.of("Organization.Read.All"));
        String tenant = emulator.tenant("contoso.example").id();
        emulator.requestLog().clear();

        User reset = new User();
        PasswordProfile profile = new PasswordProfile();
        profile.setForceChangePasswordNextSignIn(true);
        profile.setPassword("Not-Through-Hello-1!");
        reset.setPasswordProfile(profile);
        GraphRequestRefusedException refused = assertThrows(GraphRequestRefusedException.class, () -> graph.call(
                tenant, HelloIds.PROFILE_SCOPES, g -> g.users().byUserId("adele.vance@contoso.example").patch(reset)));

        assertEquals(HelloIds.PROFILE_SCOPES, refused.scopeSetId());
        assertEquals("PATCH", refused.method());
        assertTrue(refused.getMessage().contains("User-PasswordProfile.ReadWrite.All"), refused.getMessage());
        assertTrue(emulator.requestLog().matching(entry -> "PATCH".equals(entry.method())).isEmpty(),
                "nothing reached Microsoft");
        // What hello is for still works
        assertEquals(emulator.tenant("contoso.example").displayName(), graph.call(tenant, HelloIds.PROFILE_SCOPES,
                g -> g.organization().get().getValue().get(0).getDisplayName()));
    }
}
