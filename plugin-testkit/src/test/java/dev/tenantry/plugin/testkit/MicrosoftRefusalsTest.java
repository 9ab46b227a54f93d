package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.odataerrors.ODataError;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ExchangeCommandException;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugin.api.GraphUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's refusals reach a plugin's tests as the host's gateway lets them reach the plugin in production: a Graph
 * error with 401 or 403 that leaves the call is "consent required" for the call's first scope set, 429 is "unavailable"
 * with Microsoft's {@code Retry-After} (retried once within the call only when the wait is short), anything else the
 * SDK's error; one caught inside the call, or an answer inside a {@code $batch}, stays the plugin's. Exchange Online's
 * errors by status alike.
 */
@EmulatorTest
class MicrosoftRefusalsTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String MEMBER = "adele.vance@contoso.example";
    private static final String REVOKED =
            "Microsoft Graph refused the call (HTTP 403): the grant may have been revoked";

    /**
     * The administrator consents for the organisation; a member without a security role then signs in, and Microsoft
     * refuses the member the risky users however the token reads.
     */
    private static EmulatorGraphAccess memberWithoutRole(M365Emulator emulator) throws Exception {
        return EmulatorGraphAccess.register(emulator)
                .grant("tests.directory", CONTOSO, ADMIN, false, List.of("User.Read.All"))
                .grant("tests.risk", CONTOSO, ADMIN, false, List.of("IdentityRiskyUser.Read.All"))
                .grant("tests.risk", CONTOSO, MEMBER, false, List.of("IdentityRiskyUser.Read.All"));
    }

    @Test
    void a403ThatLeavesTheCallIsConsentRequiredForItsFirstScopeSet(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = memberWithoutRole(emulator);

        ConsentRequiredException alone = assertThrows(ConsentRequiredException.class, () -> graph.call(contoso.id(),
                "tests.risk", client -> client.identityProtection().riskyUsers().get()));
        ConsentRequiredException together = assertThrows(ConsentRequiredException.class, () -> graph.call(
                contoso.id(), List.of("tests.directory", "tests.risk"), client -> client.identityProtection()
                        .riskyUsers().get()));

        assertEquals("tests.risk", alone.scopeSetId());
        assertEquals(contoso.id(), alone.tenantId());
        assertFalse(alone.status().granted());
        assertEquals(List.of("IdentityRiskyUser.Read.All"), alone.missing(),
                "the scope set's permissions, asked again");
        assertEquals(REVOKED, alone.status().reason());
        assertEquals("tests.directory", together.scopeSetId(), "the first of the call's scope sets");
        assertEquals(List.of("User.Read.All"), together.missing());
    }

    @Test
    void a401ThatLeavesTheCallIsConsentRequiredToo(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant("tests.directory", CONTOSO, ADMIN,
                false, List.of("User.Read.All"));
        emulator.advanceClock(Duration.ofHours(3));

        ConsentRequiredException expired = assertThrows(ConsentRequiredException.class, () -> graph.call(
                contoso.id(), "tests.directory", client -> client.users().get()));

        assertEquals("Microsoft Graph refused the call (HTTP 401): the grant may have been revoked",
                expired.status().reason());
    }

    @Test
    void a403CaughtInsideTheCallStaysThePlugins(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = memberWithoutRole(emulator);

        String said = graph.call(contoso.id(), "tests.risk", client -> {
            try {
                client.identityProtection().riskyUsers().get();
                return "read";
            } catch (ODataError e) {
                return e.getResponseStatusCode() + " " + e.getError().getCode();
            }
        });

        assertEquals("403 Authorization_RequestDenied", said);
    }

    @Test
    void aBatchAnswerOf403IsNoExceptionUntilTheCallLetsItOut(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = memberWithoutRole(emulator);

        int status = graph.call(contoso.id(), "tests.risk", client -> GraphBatch.send(client, Map.of("risky",
                client.identityProtection().riskyUsers().toGetRequestInformation()), 1).get("risky").status());
        ConsentRequiredException thrown = assertThrows(ConsentRequiredException.class, () -> graph.call(contoso.id(),
                "tests.risk", client -> GraphBatch.send(client, Map.of("risky", client.identityProtection()
                        .riskyUsers().toGetRequestInformation()), 1).get("risky").orThrow()));

        assertEquals(403, status);
        assertEquals(REVOKED, thrown.status().reason());
    }

    @Test
    void aLongThrottleIsUnavailableAtOnceWithMicrosoftsRetryAfter(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant("tests.directory", CONTOSO, ADMIN,
                false, List.of("User.Read.All"));
        emulator.faults().throttle(contoso.id(), "/users", Duration.ofSeconds(30), 1);
        emulator.requestLog().clear();

        GraphUnavailableException busy = assertThrows(GraphUnavailableException.class, () -> graph.call(contoso.id(),
                "tests.directory", client -> client.users().get()));

        assertEquals("Microsoft Graph is busy or unavailable for tenant " + contoso.id() + " (HTTP 429)",
                busy.getMessage());
        assertEquals(Optional.of(Duration.ofSeconds(30)), busy.retryAfter());
        assertEquals(429, assertInstanceOf(ODataError.class, busy.getCause()).getResponseStatusCode());
        assertEquals(1, users(emulator), "not waited out within the call");
    }

    @Test
    void aShortThrottleIsRetriedOnceWithinTheCall(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant("tests.directory", CONTOSO, ADMIN,
                false, List.of("User.Read.All"));
        emulator.faults().throttle(contoso.id(), "/users", Duration.ofSeconds(1), 1);
        emulator.requestLog().clear();

        int read = graph.call(contoso.id(), "tests.directory", client -> client.users().get().getValue().size());

        assertTrue(read > 0);
        assertEquals(2, users(emulator), "the throttled request and its retry");
    }

    @Test
    void anyOtherErrorLeavesTheCallAsTheSdkThrowsIt(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant("tests.directory", CONTOSO, ADMIN,
                false, List.of("User.Read.All"));

        ODataError missing = assertThrows(ODataError.class, () -> graph.call(contoso.id(), "tests.directory",
                client -> client.users().byUserId("00000000-0000-0000-0000-000000000000").get()));

        assertEquals(404, missing.getResponseStatusCode());
    }

    @Test
    void exchangeOnlinesErrorsComeAsTheHostThrowsThem(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant("tests.exchange", CONTOSO, ADMIN, true, List.of("Exchange.Manage"));
        EmulatorGraphAccess member = EmulatorGraphAccess.register(emulator)
                .grant("tests.exchange", CONTOSO, ADMIN, true, List.of("Exchange.Manage"))
                .grant("tests.exchange", CONTOSO, MEMBER, true, List.of("Exchange.Manage"));

        ConsentRequiredException withoutRole = assertThrows(ConsentRequiredException.class, () -> member.exchange(
                contoso.id(), "tests.exchange", "Get-AdminAuditLogConfig", Map.of()));
        ExchangeCommandException unknown = assertThrows(ExchangeCommandException.class, () -> graph.exchange(
                contoso.id(), "tests.exchange", "Get-NoSuchThing", Map.of()));
        emulator.faults().throttle(contoso.id(), "/adminapi", Duration.ofSeconds(30), 1);
        GraphUnavailableException busy = assertThrows(GraphUnavailableException.class, () -> graph.exchange(
                contoso.id(), "tests.exchange", "Get-AdminAuditLogConfig", Map.of()));

        assertEquals("tests.exchange", withoutRole.scopeSetId());
        assertEquals(List.of("Exchange.Manage"), withoutRole.missing());
        assertEquals("Exchange Online refused the cmdlet (HTTP 403): the grant or the account's Exchange role may "
                + "be missing", withoutRole.status().reason());
        assertEquals(400, unknown.status());
        assertEquals("BadRequest", unknown.code());
        assertTrue(unknown.getMessage().contains("Get-NoSuchThing"), unknown.getMessage());
        assertEquals("Exchange Online is busy or unavailable for tenant " + contoso.id() + " (HTTP 429)",
                busy.getMessage());
        assertEquals(Optional.of(Duration.ofSeconds(30)), busy.retryAfter());
        assertEquals(1, graph.exchange(contoso.id(), "tests.exchange", "Get-AdminAuditLogConfig", Map.of()).size(),
                "answered once the throttling is over");
    }

    private static long users(M365Emulator emulator) {
        return emulator.requestLog().matching(entry -> entry.kind().equals("graph") && entry.path().endsWith(
                "/users")).size();
    }
}
