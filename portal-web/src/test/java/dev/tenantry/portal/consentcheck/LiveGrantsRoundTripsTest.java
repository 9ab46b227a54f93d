package dev.tenantry.portal.consentcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MovingClock;
import dev.tenantry.portal.consent.HostScopeSets;
import dev.tenantry.portal.identity.IdentitySettings;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live consent check against the emulator, with the real Graph SDK and the permission firewall of Tenantry's
 * consent review: a check is one round trip (Tenantry's service principal, its grants, its assignments and the
 * resources' ids in one {@code $batch}), and the resources' permission catalogues, the same in every tenant, are read
 * whole once a day, not at every check.
 */
@EmulatorTest
class LiveGrantsRoundTripsTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    /** Tenantry's service principal, its grants, its assignments, and Microsoft Graph's and Exchange Online's. */
    private static final int REQUESTS = 5;

    M365Emulator emulator;
    Tenant contoso;
    EmulatorGraphAccess graph;
    final LiveGrants live = new LiveGrants();
    final MovingClock clock = new MovingClock();

    @BeforeEach
    void grant(M365Emulator emulator) throws Exception {
        this.emulator = emulator;
        contoso = emulator.tenant(CONTOSO);
        // The test kit's application stands for Tenantry's: the consent review is what it was granted
        graph = EmulatorGraphAccess.register(emulator).grant(HostScopeSets.REVIEW.id(), CONTOSO, ADMIN, false,
                List.of("Directory.Read.All"));
        live.identity = new IdentitySettings() {
            @Override
            public String clientId() {
                return EmulatorGraphAccess.CLIENT_ID;
            }
        };
        live.clock = clock;
    }

    private LiveGrants.Reading check() throws Exception {
        return graph.call(contoso.id(), HostScopeSets.REVIEW.id(), live::read);
    }

    private List<RequestLog.Entry> log(String kind) {
        return emulator.requestLog().matching(entry -> entry.kind().equals(kind));
    }

    /** The requests for the resources' service principals that read their whole catalogue (not only their id). */
    private long catalogueReads() {
        return log("graph-batch").stream().filter(entry -> entry.path().contains("servicePrincipals(appId=")
                && !entry.path().contains(EmulatorGraphAccess.CLIENT_ID) && entry.query() != null
                && entry.query().contains("appRoles")).count();
    }

    @Test
    void aCheckIsOneRoundTripAndReadsTheCataloguesOnlyOnceADay() throws Exception {
        emulator.requestLog().clear();
        LiveGrants.Reading first = check();

        assertTrue(first.servicePrincipalId().isPresent());
        assertTrue(first.delegated().contains("Directory.Read.All"), "what the tenant granted: " + first.delegated());
        assertEquals(Boolean.TRUE, first.adminOnly().get("directory.read.all"), "from Microsoft Graph's catalogue");
        assertTrue(first.applicationRoles().contains("User.Read.All"));
        assertEquals(1, log("graph").size(), "one $batch: " + log("graph"));
        assertEquals(REQUESTS, log("graph-batch").size());
        assertEquals(2, catalogueReads(), "Microsoft Graph's and Exchange Online's catalogues, once");

        emulator.requestLog().clear();
        LiveGrants.Reading second = check();
        assertEquals(first.delegated(), second.delegated());
        assertEquals(first.adminOnly(), second.adminOnly(), "the catalogue kept in memory");
        assertEquals(1, log("graph").size());
        assertEquals(REQUESTS, log("graph-batch").size());
        assertEquals(0, catalogueReads(), "only the resources' ids in this tenant");

        clock.advance(LiveGrants.CATALOGUE_KEPT.plusSeconds(1));
        emulator.requestLog().clear();
        check();
        assertEquals(1, log("graph").size());
        assertEquals(2, catalogueReads(), "a day later, read again in the check's batch");
    }

    @Test
    void aTenantWhereNobodyConsentedToTenantryHasNoGrantsAndStillOneRoundTrip() throws Exception {
        Tenant fabrikam = emulator.tenant("fabrikam.example");
        graph.grant(HostScopeSets.REVIEW.id(), "fabrikam.example", "patti.fernandez@fabrikam.example", false,
                List.of("Directory.Read.All"));
        live.identity = new IdentitySettings() {
            @Override
            public String clientId() {
                return "9d0c1b2a-0000-4000-8000-00000000abcd";
            }
        };
        emulator.requestLog().clear();

        LiveGrants.Reading reading = graph.call(fabrikam.id(), HostScopeSets.REVIEW.id(), live::read);

        assertFalse(reading.servicePrincipalId().isPresent(), "an application nobody consented to has none");
        assertTrue(reading.grants().isEmpty());
        assertFalse(reading.adminOnly().isEmpty(), "the catalogues are read all the same");
        assertEquals(1, log("graph").size());
    }
}
