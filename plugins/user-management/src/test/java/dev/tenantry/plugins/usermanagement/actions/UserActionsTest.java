package dev.tenantry.plugins.usermanagement.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugins.usermanagement.Grants;
import dev.tenantry.plugins.usermanagement.InContoso;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The help desk's actions against the emulator, which checks each call's permission and the signed-in account's
 * directory role as Microsoft does: each action works with its own scope set alone, is refused before Microsoft without
 * the portal permission, or on an administrator without {@code user-management:manage-admins}, and lands in the user's
 * history and the audit log without a password; a new password is mailed from the integration account or through
 * Tenantry's mail server (read back from {@link MemoryNotifications}), as the technician chose.
 */
class UserActionsTest extends InContoso {

    MemoryNotifications notifications;
    DirectoryUser adele;
    DirectoryUser lee;

    UserActionsTest() {
        super(UserIds.DIRECTORY_SCOPES, UserIds.PASSWORD_SCOPES, UserIds.SIGN_IN_BLOCK_SCOPES, UserIds.SESSION_SCOPES);
    }

    @BeforeEach
    void arrange() {
        notifications = new MemoryNotifications();
        adele = contoso.user("adele.vance@" + CONTOSO).orElseThrow();
        lee = contoso.user("lee.gu@" + CONTOSO).orElseThrow();
        storeEveryUser();
    }

    UserActions as(MemoryPortalUser person) {
        return new UserActions(graph, notifications, store, new History(records), audit, person, Clock.systemUTC());
    }

    static MemoryPortalUser helpDesk() {
        return new MemoryPortalUser("tech@northwind-msp.example", "Help Desk Tech")
                .holding(UserIds.VIEW).holding(UserIds.RESET_PASSWORD).holding(UserIds.SIGN_IN);
    }

    long patches() {
        return emulator.requestLog().matching(entry -> entry.path().contains("/users/") && entry.method()
                .equals("PATCH")).size();
    }

    @Test
    void aResetSetsAGeneratedPasswordThatMustBeChangedAndKeepsItNowhere() {
        UserActions.Outcome outcome = as(helpDesk()).resetPassword(contoso.id(), adele.id(), "",
                MailRoute.INTEGRATION_ACCOUNT);

        assertTrue(outcome.done(), outcome.message());
        assertEquals(16, outcome.password().length());
        assertTrue(adele.passwordMatches(outcome.password()), "Microsoft holds the new password");
        assertTrue(adele.json().path("passwordProfile").path("forceChangePasswordNextSignIn").asBoolean());
        List<History.Change> history = new History(records).of(contoso.id(), adele.id(), 10);
        assertEquals("reset-password", history.get(0).action());
        assertEquals("tech@northwind-msp.example", history.get(0).by());
        assertFalse(history.toString().contains(outcome.password()), "the history never holds the password");
        assertEquals(1, audit.of("reset-password").size());
        assertFalse(audit.entries().toString().contains(outcome.password()), "nor does the audit log");
        assertFalse(records.toString().contains(outcome.password()));
    }

    @Test
    void anAdministratorsPasswordNeedsManageAdminsAndIsRefusedBeforeMicrosoftWithoutIt() {
        emulator.requestLog().clear();

        UserActions.Outcome refused = as(helpDesk()).resetPassword(contoso.id(), lee.id(), "",
                MailRoute.INTEGRATION_ACCOUNT);

        assertFalse(refused.done());
        assertTrue(refused.message().contains("User Administrator") && refused.message().contains(
                UserIds.MANAGE_ADMINS), refused.message());
        assertEquals(0, patches(), "Microsoft was not asked");

        UserActions.Outcome allowed = as(helpDesk().holding(UserIds.MANAGE_ADMINS)).resetPassword(contoso.id(),
                lee.id(), "", MailRoute.INTEGRATION_ACCOUNT);
        assertTrue(allowed.done(), allowed.message());
        assertTrue(lee.passwordMatches(allowed.password()));
    }

    @Test
    void aRoleGrantedSinceTheLastSyncCountsForTheGuard() {
        // The stored record says Adele holds no role; Microsoft says she does now
        emulator.directory().addUser(contoso, dev.tenantry.emulator.http.Json.object().put("userPrincipalName",
                "new.admin@" + CONTOSO).put("displayName", "New Admin"), "x", List.of("Helpdesk Administrator"));
        DirectoryUser promoted = contoso.user("new.admin@" + CONTOSO).orElseThrow();
        store.put(contoso.id(), new ManagedUser(promoted.id(), "New Admin", "new.admin@" + CONTOSO, null, true,
                "Member", null, null, null, null, List.of(), List.of(), null, null, null, false, null));

        UserActions.Outcome refused = as(helpDesk()).setSignIn(contoso.id(), promoted.id(), false);

        assertFalse(refused.done(), refused.message());
        assertTrue(promoted.accountEnabled());
    }

    @Test
    void withoutThePortalPermissionNothingIsAsked() {
        emulator.requestLog().clear();
        MemoryPortalUser viewer = new MemoryPortalUser("viewer@northwind-msp.example", "Viewer")
                .holding(UserIds.VIEW);

        UserActions.Outcome refused = as(viewer).setSignIn(contoso.id(), adele.id(), false);

        assertFalse(refused.done());
        assertTrue(refused.message().contains(UserIds.SIGN_IN), refused.message());
        assertEquals(0, emulator.requestLog().matching(entry -> entry.kind().startsWith("graph")).size());
    }

    @Test
    void blockingAndAllowingSignInChangeMicrosoftAndTheStoredUser() {
        UserActions.Outcome blocked = as(helpDesk()).setSignIn(contoso.id(), adele.id(), false);

        assertTrue(blocked.done(), blocked.message());
        assertFalse(adele.accountEnabled());
        assertFalse(store.get(contoso.id(), adele.id()).orElseThrow().accountEnabled(), "the table shows it at once");

        UserActions.Outcome allowed = as(helpDesk()).setSignIn(contoso.id(), adele.id(), true);
        assertTrue(allowed.done(), allowed.message());
        assertTrue(adele.accountEnabled());
        assertEquals(List.of("unblock-sign-in", "block-sign-in"), new History(records).of(contoso.id(), adele.id(),
                10).stream().map(History.Change::action).toList());
    }

    @Test
    void revokingSessionsEndsThem() {
        Instant before = Instant.now().minusSeconds(1);

        UserActions.Outcome revoked = as(helpDesk()).revokeSessions(contoso.id(), adele.id());

        assertTrue(revoked.done(), revoked.message());
        assertNotNull(adele.sessionsValidAfter());
        assertTrue(adele.sessionsValidAfter().isAfter(before));
        assertEquals(1, audit.of("revoke-sessions").size());
    }

    @Test
    void aScopeSetNotGrantedAsksForConsentInsteadOfFailing() throws Exception {
        EmulatorGraphAccess onlyDirectory = EmulatorGraphAccess.register(emulator).grant(UserIds.DIRECTORY_SCOPES,
                CONTOSO, GLOBAL_ADMIN, false, List.of("User.Read.All", "RoleManagement.Read.Directory"));
        UserActions actions = new UserActions(onlyDirectory, store, new History(records), audit, helpDesk(),
                Clock.systemUTC());

        UserActions.Outcome outcome = actions.revokeSessions(contoso.id(), adele.id());

        assertFalse(outcome.done());
        assertEquals(UserIds.SESSION_SCOPES, outcome.consentScopeSet());
        assertTrue(audit.entries().isEmpty());
    }

    @Test
    void microsoftRefusingAnAccountWithoutTheDirectoryRoleIsSaidAndRecorded() throws Exception {
        // The administrator consents for the organisation; the integration account then is a plain user
        graph.grant(UserIds.SIGN_IN_BLOCK_SCOPES, CONTOSO, "isaiah.langer@" + CONTOSO, false,
                List.of("User.EnableDisableAccount.All"));

        UserActions.Outcome outcome = as(helpDesk()).setSignIn(contoso.id(), adele.id(), false);

        assertFalse(outcome.done());
        assertTrue(outcome.message().startsWith("Microsoft refused (HTTP 403)"), outcome.message());
        assertEquals("", outcome.consentScopeSet(), "no consent card: granting again gives the account no role");
        assertTrue(adele.accountEnabled());
        assertEquals("failed", new History(records).of(contoso.id(), adele.id(), 1).get(0).outcome());
        assertTrue(audit.entries().isEmpty(), "only what was done is audited");
    }

    @Test
    void aHelpdeskAdministratorAccountIsRefusedAGlobalAdministratorsPasswordAndThatIsSaidNotAskedAsConsent()
            throws Exception {
        // Microsoft lets a Helpdesk Administrator reset the passwords of users without an administrator role only
        emulator.directory().addUser(contoso, dev.tenantry.emulator.http.Json.object().put("userPrincipalName",
                "help.desk@" + CONTOSO).put("displayName", "Help Desk"), "Tenantry-Demo-2026!",
                List.of("Helpdesk Administrator"));
        Grants.grant(graph, CONTOSO, "help.desk@" + CONTOSO,
                UserIds.PASSWORD_SCOPES);
        DirectoryUser megan = contoso.user(GLOBAL_ADMIN).orElseThrow();
        UserActions actions = as(helpDesk().holding(UserIds.MANAGE_ADMINS));

        UserActions.Outcome refused = actions.resetPassword(contoso.id(), megan.id(), "",
                MailRoute.INTEGRATION_ACCOUNT);
        UserActions.Outcome allowed = actions.resetPassword(contoso.id(), adele.id(), "",
                MailRoute.INTEGRATION_ACCOUNT);

        assertFalse(refused.done());
        assertTrue(refused.message().startsWith("Microsoft refused (HTTP 403): Insufficient privileges")
                && refused.message().contains("integration account may lack the directory role"), refused.message());
        assertEquals("", refused.consentScopeSet(), "no consent card");
        assertEquals("", refused.password());
        assertTrue(megan.passwordMatches("Tenantry-Demo-2026!"), "Microsoft changed nothing");
        assertEquals("failed", new History(records).of(contoso.id(), megan.id(), 1).get(0).outcome());
        assertTrue(allowed.done(), "the same account resets a user's password without an administrator role: "
                + allowed.message());
        assertEquals(List.of("reset-password"), audit.entries().stream().map(MemoryAudit.Entry::action).toList());
    }

    @Test
    void anUnknownUserOrAMalformedIdIsRefused() {
        assertFalse(as(helpDesk()).revokeSessions(contoso.id(), "00000000-0000-0000-0000-000000000000").done());
        assertFalse(as(helpDesk()).revokeSessions(contoso.id(), "x' or '1' eq '1").done());
        assertFalse(as(helpDesk()).resetPassword(contoso.id(), adele.id(), "not-an-address",
                MailRoute.TENANTRY).done());
        assertTrue(new History(records).of(contoso.id(), adele.id(), 1).isEmpty());
    }

    @Test
    void aResetPasswordIsMailedFromTheIntegrationAccountWhenAsked() throws Exception {
        graph.grant(UserIds.MAIL_SCOPES, CONTOSO, GLOBAL_ADMIN, false, List.of("Mail.Send"));

        UserActions.Outcome outcome = as(helpDesk()).resetPassword(contoso.id(), adele.id(), "adele.home@example.org",
                MailRoute.INTEGRATION_ACCOUNT);

        assertTrue(outcome.done(), outcome.message());
        assertTrue(outcome.message().contains("mailed to adele.home@example.org"), outcome.message());
        List<dev.tenantry.emulator.mail.SentMail> sent = emulator.sentMailTo("adele.home@example.org");
        assertEquals(1, sent.size());
        assertEquals(GLOBAL_ADMIN, sent.get(0).from(), "sent as the integration account, as Mail.Send delegated allows");
        assertTrue(sent.get(0).body().contains(outcome.password()));
        assertFalse(audit.entries().toString().contains(outcome.password()));
        assertEquals(List.of("mail-password", "reset-password"), new History(records).of(contoso.id(), adele.id(), 10)
                .stream().map(History.Change::action).toList());
    }

    @Test
    void aResetToBeMailedAsksForTheMailScopeSetFirstAndChangesNothingUntilThen() {
        UserActions.Outcome outcome = as(helpDesk()).resetPassword(contoso.id(), adele.id(), "adele.home@example.org",
                MailRoute.INTEGRATION_ACCOUNT);

        assertFalse(outcome.done(), outcome.message());
        assertEquals(UserIds.MAIL_SCOPES, outcome.consentScopeSet());
        assertEquals("", outcome.password());
        assertTrue(adele.passwordMatches("Tenantry-Demo-2026!"), "the password was not reset");
        assertTrue(emulator.sentMailTo("adele.home@example.org").isEmpty());
    }

    @Test
    void aResetPasswordGoesThroughTenantrysMailServerSealedAndNeedsNoMailScopeSet() {
        // The mail scope set is not granted: Tenantry's mail server needs none
        UserActions.Outcome outcome = as(helpDesk()).resetPassword(contoso.id(), adele.id(), "adele.home@example.org",
                MailRoute.TENANTRY);

        assertTrue(outcome.done(), outcome.message());
        assertTrue(adele.passwordMatches(outcome.password()));
        assertTrue(outcome.message().contains("on its way to adele.home@example.org through Tenantry's mail server"),
                outcome.message());
        assertEquals(1, notifications.secretMails().size());
        MemoryNotifications.Mail mail = notifications.secretMails().get(0);
        assertEquals(List.of("adele.home@example.org"), mail.to());
        assertEquals("Your new password for adele.vance@" + CONTOSO, mail.subject());
        assertFalse(mail.subject().contains(outcome.password()), "the subject, which is not sealed, holds no secret");
        assertTrue(mail.text().contains("The password of adele.vance@" + CONTOSO + " was reset by Help Desk Tech"));
        assertTrue(mail.text().contains(outcome.password()));
        assertTrue(notifications.mails().isEmpty(), "never as a plain mail, whose text the outbox keeps");
        assertTrue(emulator.sentMailTo("adele.home@example.org").isEmpty(), "not from the integration account");

        List<History.Change> history = new History(records).of(contoso.id(), adele.id(), 10);
        assertEquals(List.of("mail-password", "reset-password"), history.stream().map(History.Change::action)
                .toList());
        assertEquals("queued", history.get(0).outcome());
        assertEquals("New password sent to adele.home@example.org through Tenantry's mail server (delivery "
                + mail.id() + ")", history.get(0).detail());
        assertEquals(List.of(new MemoryAudit.Entry("mail-password", contoso.id(), "adele.vance@" + CONTOSO,
                Map.of("to", "adele.home@example.org", "via", "tenantry-mail-server", "delivery", mail.id()))),
                audit.of("mail-password"));
        assertFalse(history.toString().contains(outcome.password()), "the history never holds the password");
        assertFalse(audit.entries().toString().contains(outcome.password()), "nor does the audit log");
        assertFalse(records.toString().contains(outcome.password()), "nor any record");
    }

    @Test
    void aResetPasswordFromTheIntegrationAccountIsAuditedWithItsRoute() throws Exception {
        graph.grant(UserIds.MAIL_SCOPES, CONTOSO, GLOBAL_ADMIN, false, List.of("Mail.Send"));

        UserActions.Outcome outcome = as(helpDesk()).resetPassword(contoso.id(), adele.id(), "adele.home@example.org",
                MailRoute.INTEGRATION_ACCOUNT);

        assertTrue(outcome.message().contains("mailed to adele.home@example.org from the tenant's integration "
                + "account"), outcome.message());
        assertEquals(List.of(new MemoryAudit.Entry("mail-password", contoso.id(), "adele.vance@" + CONTOSO,
                Map.of("to", "adele.home@example.org", "via", "integration-account"))), audit.of("mail-password"));
        assertEquals("New password mailed to adele.home@example.org from the tenant's integration account",
                new History(records).of(contoso.id(), adele.id(), 1).get(0).detail());
        assertTrue(notifications.secretMails().isEmpty() && notifications.mails().isEmpty(), "not through Tenantry");
    }

    @Test
    void aSecretMailTenantryRefusesIsSaidAndRecordedAndThePasswordStillShownOnce() {
        PluginNotifications refusing = new PluginNotifications() {
            @Override
            public String mail(List<String> to, String subject, String text) {
                throw new AssertionError("a password never goes as a plain mail");
            }

            @Override
            public String secretMail(List<String> to, String subject, String text) {
                throw new IllegalArgumentException("Not a mail address: " + to.get(0));
            }

            @Override
            public String webhook(URI url, String secret, String json) {
                throw new AssertionError();
            }

            @Override
            public URI link(String path) {
                throw new AssertionError();
            }

            @Override
            public Optional<Delivery> delivery(String deliveryId) {
                return Optional.empty();
            }
        };
        UserActions actions = new UserActions(graph, refusing, store, new History(records), audit, helpDesk(),
                Clock.systemUTC());

        UserActions.Outcome outcome = actions.resetPassword(contoso.id(), adele.id(), "adele.home@example.org",
                MailRoute.TENANTRY);

        assertTrue(outcome.done(), "the reset happened");
        assertTrue(adele.passwordMatches(outcome.password()), "shown once, to give another way");
        assertTrue(outcome.message().endsWith("It could not be mailed (Not a mail address: adele.home@example.org); "
                + "give it to the user another way"), outcome.message());
        History.Change said = new History(records).of(contoso.id(), adele.id(), 1).get(0);
        assertEquals("failed", said.outcome());
        assertEquals("Not mailed to adele.home@example.org through Tenantry's mail server", said.detail());
        assertTrue(audit.of("mail-password").isEmpty(), "only what was done is audited");
    }

    @Test
    void withoutTenantrysMailServerAtHandAResetToBeMailedThroughItChangesNothing() {
        UserActions actions = new UserActions(graph, store, new History(records), audit, helpDesk(),
                Clock.systemUTC());

        UserActions.Outcome outcome = actions.resetPassword(contoso.id(), adele.id(), "adele.home@example.org",
                MailRoute.TENANTRY);

        assertFalse(outcome.done());
        assertTrue(outcome.message().endsWith("nothing was changed."), outcome.message());
        assertTrue(adele.passwordMatches("Tenantry-Demo-2026!"), "the password was not reset");
        assertTrue(new History(records).of(contoso.id(), adele.id(), 1).isEmpty());
    }
}
