package dev.tenantry.plugins.secure.posture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugins.secure.SecureIds;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A posture scan costs the fewest round trips Microsoft allows, counted in the emulator's request log: every Graph
 * read of both scope sets (the posture's and Secure Score's) in one {@code $batch} of at most 20, each collection in
 * pages of 999, and the further pages of all collections together, one batch a round; Exchange Online's audit
 * setting is one request on its own host. A change that sends a read on its own, pages at Graph's default or follows
 * the pages of one collection after another fails here.
 */
@EmulatorTest
class PostureScanRoundTripsTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    /** Microsoft's most requests in one {@code $batch}. */
    private static final int BATCH = 20;
    /** The requests of a scan: six of the posture's, Secure Score and its control profiles. */
    private static final int REQUESTS = 8;

    M365Emulator emulator;
    Tenant contoso;

    @BeforeEach
    void seed(M365Emulator emulator) {
        this.emulator = emulator;
        contoso = emulator.tenant(CONTOSO);
    }

    private EmulatorGraphAccess grantEverything() throws Exception {
        return EmulatorGraphAccess.register(emulator)
                .grant(SecureIds.POSTURE_SCOPES, CONTOSO, ADMIN, false, List.of("Policy.Read.All",
                        "AuditLog.Read.All", "LicenseAssignment.Read.All", "User.Read"))
                .grant(SecureIds.SCORE_SCOPES, CONTOSO, ADMIN, false, List.of("SecurityEvents.Read.All"))
                .grant(SecureIds.AUDIT_SCOPES, CONTOSO, ADMIN, true, List.of("Exchange.Manage"));
    }

    /**
     * The fewest Graph round trips of a scan whose collections have these sizes: the batches of its requests, then a
     * round for each further page of the longest collection (a round carries the next page of every collection that
     * has one; a scan's handful of collections never fills a batch of 20).
     */
    private static int minimum(int... collectionSizes) {
        int longest = 0;
        for (int size : collectionSizes) {
            longest = Math.max(longest, Math.max(1, (size + PostureScan.PAGE - 1) / PostureScan.PAGE) - 1);
        }
        return (REQUESTS + BATCH - 1) / BATCH + longest;
    }

    @Test
    void aScanOfASeededTenantIsOneBatchForEveryGraphReadAndOneExchangeCall() throws Exception {
        EmulatorGraphAccess graph = grantEverything();
        emulator.requestLog().clear();

        TenantPosture posture = new PostureScan(graph).read(contoso.id(), Set.of());

        assertTrue(posture.score() instanceof Reading.Read<?>, "score: " + posture.score());
        assertTrue(posture.registration() instanceof Reading.Read<?>, "registration: " + posture.registration());
        assertTrue(posture.auditLog() instanceof Reading.Read<?>, "audit log: " + posture.auditLog());
        assertEquals(1, roundTrips("graph"), "every Graph read in one batch: " + log());
        assertEquals(REQUESTS, roundTrips("graph-batch"), "in it, each read once: " + log());
        assertEquals(1, roundTrips("exchange"));
    }

    @Test
    void aLargeTenantsFurtherPagesOfEveryCollectionGoTogetherInPagesOf999() throws Exception {
        for (int i = 0; i < 2100; i++) {
            emulator.directory().addUser(contoso, Json.object().put("userPrincipalName", "staff" + i + "@" + CONTOSO)
                    .put("displayName", "Staff " + i), "x", List.of());
        }
        ArrayNode profiles = Json.array();
        for (int i = 0; i < 1200; i++) {
            profiles.addObject().put("id", "Control" + i).put("controlCategory", "Identity")
                    .put("title", "Control " + i).put("maxScore", 1.0).put("rank", i).put("tier", "Core");
        }
        emulator.directory().putCollection(contoso, "/security/secureScoreControlProfiles", profiles);
        int users = contoso.users().size();
        int policies = contoso.collection("/identity/conditionalAccess/policies").orElseThrow().path("value").size();
        int locations = contoso.collection("/identity/conditionalAccess/namedLocations").orElseThrow().path("value")
                .size();
        EmulatorGraphAccess graph = grantEverything();
        emulator.requestLog().clear();

        TenantPosture posture = new PostureScan(graph).read(contoso.id(), Set.of());

        assertEquals(users, ((Reading.Read<List<?>>) (Reading<?>) posture.registration()).value().size(),
                "every user's registration, none twice");
        assertEquals(1200, ((Reading.Read<TenantPosture.Score>) posture.score()).value().profiles().size());
        int minimum = minimum(users, 1200, policies, locations);
        assertEquals(3, minimum, "the batch, then two rounds of next pages (registration has three pages)");
        int graphRoundTrips = roundTrips("graph");
        assertTrue(graphRoundTrips <= minimum * 1.1, graphRoundTrips + " Graph round trips, the fewest is " + minimum
                + ": " + log());
        assertEquals(minimum, graphRoundTrips, log().toString());
        assertEquals(REQUESTS + 2 + 1, roundTrips("graph-batch"), "two more pages of registration details and one of "
                + "control profiles, all of 999: " + log());
        assertEquals(1, roundTrips("exchange"));
    }

    @Test
    void aTenantWithoutEntraIdP1HasItsRegistrationNotLicensedNotAConsentToAskFor() throws Exception {
        // Fabrikam has Business Essentials: Microsoft refuses the registration report there (403,
        // Authentication_RequestFromNonPremiumTenantOrB2CTenant), which no consent would change
        String fabrikam = "fabrikam.example";
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(SecureIds.POSTURE_SCOPES, fabrikam,
                "patti.fernandez@fabrikam.example", false, List.of("Policy.Read.All", "AuditLog.Read.All",
                        "LicenseAssignment.Read.All", "User.Read"));

        TenantPosture posture = new PostureScan(graph).read(emulator.tenant(fabrikam).id(), Set.of());

        assertEquals(new Reading.NotLicensed<>("Entra ID P1"), posture.registration());
        assertTrue(posture.licences() instanceof Reading.Read<?>, "licences: " + posture.licences());
    }

    @Test
    void aTenantThatGrantedOnlyThePostureHasItsScoreMissingAndStillOneBatch() throws Exception {
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(SecureIds.POSTURE_SCOPES, CONTOSO,
                ADMIN, false, List.of("Policy.Read.All", "AuditLog.Read.All", "LicenseAssignment.Read.All",
                        "User.Read"));
        emulator.requestLog().clear();

        TenantPosture posture = new PostureScan(graph).read(contoso.id(), Set.of());

        assertEquals(new Reading.PermissionMissing<>(SecureIds.SCORE_SCOPES), posture.score());
        assertTrue(posture.policies() instanceof Reading.Read<?>, "policies: " + posture.policies());
        assertEquals(1, roundTrips("graph"), log().toString());
        assertEquals(REQUESTS - 2, roundTrips("graph-batch"), "nothing of the score was sent: " + log());
    }

    /** The emulator's answers of a kind: {@code graph} (one per round trip), {@code graph-batch}, {@code exchange}. */
    private int roundTrips(String kind) {
        return emulator.requestLog().matching(entry -> entry.kind().equals(kind)).size();
    }

    private List<String> log() {
        return emulator.requestLog().entries().stream().map(entry -> entry.kind() + " " + entry.method() + " "
                + entry.path() + " " + entry.status()).toList();
    }
}
