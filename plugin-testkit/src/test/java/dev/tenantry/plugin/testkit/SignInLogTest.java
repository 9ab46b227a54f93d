package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.plugin.api.SignInLog;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user's latest sign-ins against the emulator, which keeps Entra ID's sign-in log and refuses it as Microsoft does:
 * read for that user only, and each reason they could not be read told apart (the scope set not granted, the tenant
 * without Entra ID P1, the account without a reader role, Microsoft unavailable).
 */
@EmulatorTest
class SignInLogTest {

    private static final String CONTOSO = "contoso.example";
    private static final String FABRIKAM = "fabrikam.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String MEMBER = "adele.vance@contoso.example";
    private static final String SIGN_INS = "tests.sign-ins";
    private static final List<String> AUDIT_LOG = List.of("AuditLog.Read.All");

    private static EmulatorGraphAccess granted(M365Emulator emulator) throws Exception {
        return EmulatorGraphAccess.register(emulator).grant(SIGN_INS, CONTOSO, ADMIN, false, AUDIT_LOG);
    }

    private static List<RequestLog.Entry> signInReads(M365Emulator emulator) {
        return emulator.requestLog().matching(entry -> entry.kind().equals("graph")
                && entry.path().endsWith("/auditLogs/signIns"));
    }

    @Test
    void theUsersLatestSignInsAreReadAsLinesNewestFirst(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        DirectoryUser adele = contoso.user(MEMBER).orElseThrow();
        DirectoryUser isaiah = contoso.user("isaiah.langer@contoso.example").orElseThrow();
        for (int i = 1; i <= 11; i++) {
            emulator.directory().recordSignIn(contoso, adele, "app-1", "Outlook", "203.0.113." + i, 0, null);
        }
        emulator.directory().recordSignIn(contoso, adele, "app-2", "Teams", "198.51.100.7", 50126,
                "Invalid username or password.");
        emulator.directory().recordSignIn(contoso, isaiah, "app-1", "Outlook", "192.0.2.99", 0, null);
        EmulatorGraphAccess graph = granted(emulator);
        emulator.requestLog().clear();

        SignInLog.Result read = SignInLog.read(graph, contoso.id(), SIGN_INS, adele.id(), 10);

        assertEquals("", read.problem());
        assertFalse(read.consentMissing());
        assertEquals(10, read.lines().size());
        SignInLog.Line failed = read.lines().get(0);
        assertEquals("Teams", failed.app());
        assertEquals("198.51.100.7", failed.ipAddress());
        assertEquals("Redmond, US", failed.location());
        assertEquals("Failed (50126): Invalid username or password.", failed.status());
        assertEquals("none", failed.risk());
        assertTrue(failed.failed());
        assertFalse(failed.at().isEmpty());
        SignInLog.Line latestSuccess = read.lines().get(1);
        assertEquals("203.0.113.11", latestSuccess.ipAddress());
        assertEquals("Success", latestSuccess.status());
        assertFalse(latestSuccess.failed());
        assertEquals("203.0.113.3", read.lines().get(9).ipAddress(), "the ten newest");
        assertTrue(read.lines().stream().noneMatch(line -> line.ipAddress().equals("192.0.2.99")), "hers only");
        List<RequestLog.Entry> requests = signInReads(emulator);
        assertEquals(1, requests.size());
        assertTrue(requests.get(0).query().contains("userId") && requests.get(0).query().contains("top=10"),
                requests.get(0).query());
        new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(read);
    }

    @Test
    void aQuoteInTheUsersIdCannotChangeTheFilter(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = granted(emulator);

        SignInLog.Result read = SignInLog.read(graph, contoso.id(), SIGN_INS, "x' or userId ne 'x", 10);

        assertEquals("", read.problem());
        assertEquals(List.of(), read.lines(), "no user has that id");
    }

    @Test
    void withoutTheScopeSetGrantedItIsOfferedAndNothingIsSent(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant("tests.directory", CONTOSO, ADMIN,
                false, List.of("User.Read.All"));
        emulator.requestLog().clear();

        SignInLog.Result read = SignInLog.read(graph, contoso.id(), SIGN_INS, contoso.user(MEMBER).orElseThrow()
                .id(), 10);

        assertTrue(read.consentMissing());
        assertEquals("Recent sign-ins need the scope set tests.sign-ins (AuditLog.Read.All)", read.problem());
        assertEquals(List.of(), signInReads(emulator));
    }

    @Test
    void aGrantMicrosoftNoLongerHonoursIsOfferedAgain(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = granted(emulator);
        emulator.advanceClock(Duration.ofHours(3));

        SignInLog.Result read = SignInLog.read(graph, contoso.id(), SIGN_INS, contoso.user(MEMBER).orElseThrow()
                .id(), 10);

        assertTrue(read.consentMissing(), "a 401 leaves the call and asks for consent");
        assertTrue(read.problem().contains("HTTP 401"), read.problem());
    }

    @Test
    void inATenantWithoutEntraIdP1MicrosoftsRefusalIsSaidNotOfferedAsConsent(M365Emulator emulator)
            throws Exception {
        String patti = "patti.fernandez@" + FABRIKAM;
        Tenant fabrikam = emulator.tenant(FABRIKAM);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(SIGN_INS, FABRIKAM, patti, false,
                AUDIT_LOG);

        SignInLog.Result read = SignInLog.read(graph, fabrikam.id(), SIGN_INS, fabrikam.user(patti).orElseThrow()
                .id(), 10);

        assertFalse(read.consentMissing(), "granting again does not license the tenant");
        assertEquals("Microsoft Graph refused the sign-in log (HTTP 403): the tenant has no Entra ID P1",
                read.problem());
        assertEquals(List.of(), read.lines());
    }

    @Test
    void anAccountWithoutARoleThatReadsSignInLogsIsToldSoNotOfferedConsent(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        // The administrator consents for the organisation; the integration account then is a plain member
        EmulatorGraphAccess graph = granted(emulator).grant(SIGN_INS, CONTOSO, MEMBER, false, AUDIT_LOG);

        SignInLog.Result read = SignInLog.read(graph, contoso.id(), SIGN_INS, contoso.user(MEMBER).orElseThrow()
                .id(), 10);

        assertFalse(read.consentMissing());
        assertEquals("Microsoft Graph refused the sign-in log (HTTP 403): the integration account needs a role that "
                + "reads sign-in logs (Reports Reader, Security Reader or Global Reader)", read.problem());
    }

    @Test
    void microsoftUnavailableIsSaidAsSuch(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = granted(emulator);
        emulator.faults().throttle(contoso.id(), "/auditLogs", Duration.ofSeconds(30), 1);

        SignInLog.Result read = SignInLog.read(graph, contoso.id(), SIGN_INS, contoso.user(MEMBER).orElseThrow()
                .id(), 10);

        assertFalse(read.consentMissing());
        assertEquals("The sign-in log could not be read: Microsoft Graph is busy or unavailable for tenant "
                + contoso.id() + " (HTTP 429)", read.problem());
    }

    @Test
    void aReadGivesOneToNineHundredNinetyNineSignInsOfAUser(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = granted(emulator);
        String adele = contoso.user(MEMBER).orElseThrow().id();

        assertThrows(IllegalArgumentException.class, () -> SignInLog.read(graph, contoso.id(), SIGN_INS, adele, 0));
        assertThrows(IllegalArgumentException.class, () -> SignInLog.read(graph, contoso.id(), SIGN_INS, adele,
                SignInLog.MAX + 1));
        assertThrows(IllegalArgumentException.class, () -> SignInLog.read(graph, contoso.id(), SIGN_INS, " ", 10));
        emulator.requestLog().clear();
        assertEquals("", SignInLog.read(graph, contoso.id(), SIGN_INS, adele, SignInLog.MAX).problem(),
                "Microsoft's largest page");
        assertEquals(1, signInReads(emulator).size());
    }
}
