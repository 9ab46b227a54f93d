package dev.tenantry.portal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantry.plugin.api.manifest.ScopeSet.Resource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourcePermissionsTest {

    private static final String EXO = "https://outlook.office365.com/Exchange.Manage";

    @Test
    void eachResourceReadsItsOwnPermissions() {
        List<String> held = List.of("openid", "User.Read.All", EXO);
        assertEquals(Set.of("openid", "User.Read.All"),
                Set.copyOf(ResourcePermissions.of(held, Resource.MICROSOFT_GRAPH)));
        assertEquals(Set.of("Exchange.Manage"), Set.copyOf(ResourcePermissions.of(held, Resource.EXCHANGE_ONLINE)));
        assertEquals(EXO, ResourcePermissions.recorded(Resource.EXCHANGE_ONLINE, "Exchange.Manage"));
        assertEquals("User.Read.All", ResourcePermissions.recorded(Resource.MICROSOFT_GRAPH, "User.Read.All"));
    }

    @Test
    void aTokenReplacesWhatIsRecordedOfItsResourceOnly() {
        List<String> held = List.of("openid", "offline_access", "User.Read.All", "Organization.Read.All", EXO);
        assertEquals(Set.of("openid", "offline_access", "User.Read.All", "Organization.Read.All",
                "https://outlook.office365.com/EWS.AccessAsUser.All"), Set.copyOf(ResourcePermissions.merged(held,
                List.of("https://outlook.office365.com/EWS.AccessAsUser.All", "openid"))),
                "an Exchange token leaves Graph's permissions alone");
        assertEquals(Set.of("openid", "offline_access", "User.Read.All", EXO), Set.copyOf(ResourcePermissions
                .merged(held, List.of("openid", "offline_access", "User.Read.All"))),
                "a Graph token that no longer carries Organization.Read.All drops it; Exchange's stay");
    }
}
