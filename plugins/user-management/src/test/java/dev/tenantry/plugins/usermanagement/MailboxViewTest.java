package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.TestHost;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mailbox section of a user's page: shown only to staff who may change mailboxes in the user's tenant (Exchange is
 * not asked otherwise), the mailbox read when it renders, delegates granted and removed through it, and the consent
 * link when the tenant has not granted the mailbox scope set.
 */
class MailboxViewTest extends InContoso {

    DirectoryUser adele;

    MailboxViewTest() {
        super(UserIds.MAILBOX_SCOPES);
    }

    @BeforeEach
    void arrange() {
        storeEveryUser();
        adele = contoso.user("adele.vance@" + CONTOSO).orElseThrow();
    }

    MailboxView view(MemoryPortalUser person, EmulatorGraphAccess access) {
        MailboxView view = TestHost.with(records, person, access, new MemoryAudit()).fill(new MailboxView());
        view.setTenant(contoso.id());
        view.setId(adele.id());
        return view;
    }

    static MemoryPortalUser administrator() {
        return new MemoryPortalUser("admin@northwind-msp.example", "User Administrator").holding(UserIds.VIEW)
                .holding(UserIds.MAILBOXES).holding(UserIds.MANAGE_ADMINS);
    }

    @Test
    void staffWhoMayNotChangeMailboxesDoNotSeeTheSectionAndExchangeIsNotAsked() {
        emulator.requestLog().clear();

        MailboxView view = view(new MemoryPortalUser("tech@northwind-msp.example", "Help Desk").holding(UserIds.VIEW)
                .holding(UserIds.RESET_PASSWORD), graph);

        assertFalse(view.isShown());
        assertTrue(view.getDelegations().isEmpty());
        assertTrue(view.completeDelegate("isa").isEmpty());
        assertEquals(0, emulator.requestLog().matching(entry -> entry.kind().equals("exchange")).size());
    }

    @Test
    void theMailboxIsReadWhenTheSectionRendersAndDelegatesAreGrantedAndRemovedThroughIt() {
        MailboxView view = view(administrator(), graph);
        assertTrue(view.isShown());
        assertTrue(view.getReading().found(), view.getReading().problem());
        assertTrue(view.getDelegations().isEmpty());
        assertEquals(List.of("isaiah.langer@" + CONTOSO), view.completeDelegate("Isa"));
        assertFalse(view.completeDelegate("adele").contains("adele.vance@" + CONTOSO), "not the user themself");

        view.setDelegate("isaiah.langer@" + CONTOSO);
        view.setRight(MailboxView.Right.SEND_AS);
        view.grant();

        assertEquals(List.of(new MailboxView.Delegation("isaiah.langer@" + CONTOSO, MailboxView.Right.SEND_AS)),
                view.getDelegations());
        assertEquals("", view.getDelegate());

        view.remove("isaiah.langer@" + CONTOSO, MailboxView.Right.SEND_AS);
        assertTrue(view.getDelegations().isEmpty());
    }

    @Test
    void aTenantThatHasNotGrantedTheScopeSetGetsItsConsentLink() throws Exception {
        MailboxView view = view(administrator(), EmulatorGraphAccess.register(emulator));

        assertTrue(view.isShown());
        assertFalse(view.getReading().found());
        assertEquals(UserIds.MAILBOX_SCOPES, view.getConsentNeeded());
    }
}
