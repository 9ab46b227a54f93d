package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.directory.DirectorySync;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages that mail a password hand the technician's choice of route to the action: "through Tenantry's mail
 * server" queues a secret mail with the host (no mail scope set granted), the integration account stays the default,
 * and a route the page does not offer is not taken.
 */
@EmulatorTest
class PasswordMailPagesTest {

    M365Emulator emulator;
    EmulatorGraphAccess graph;
    MemoryRecords records;
    MemoryTenants tenants;
    MemoryNotifications notifications;
    Tenant contoso;
    final MemoryPortalUser person = new MemoryPortalUser("admin@northwind-msp.example", "User Administrator")
            .holding(UserIds.VIEW).holding(UserIds.RESET_PASSWORD).holding(UserIds.CREATE);

    @BeforeEach
    void arrange(M365Emulator emulator) throws Exception {
        this.emulator = emulator;
        contoso = emulator.tenant(Grants.CONTOSO);
        graph = Grants.inContoso(emulator, UserIds.DIRECTORY_SCOPES, UserIds.PASSWORD_SCOPES, UserIds.CREATE_SCOPES);
        records = new MemoryRecords();
        new DirectorySync(graph, new UserStore(records), new MemoryClaims(), new ThreadTasks(), Clock.systemUTC(),
                Duration.ofDays(1))
                .sync(contoso.id(), true);
        tenants = new MemoryTenants();
        tenants.add(contoso.id(), "Contoso", Grants.CONTOSO);
        notifications = new MemoryNotifications();
    }

    private <T> T filled(T page) {
        return TestHost.with(records, tenants, person, graph, new MemoryAudit(), notifications).fill(page);
    }

    @Test
    void theUserPageMailsAResetPasswordThroughTenantrysMailServerWhenChosen() {
        DirectoryUser adele = contoso.user("adele.vance@" + Grants.CONTOSO).orElseThrow();
        UserPage page = filled(new UserPage());
        page.setTenant(contoso.id());
        page.setId(adele.id());
        assertEquals("INTEGRATION_ACCOUNT", page.getMailRoute(), "the default");

        page.setMailTo("adele.home@example.org");
        page.setMailRoute("TENANTRY");
        page.resetPassword();

        assertEquals(1, notifications.secretMails().size());
        assertTrue(adele.passwordMatches(notifications.secretMails().get(0).text().lines()
                .filter(line -> !line.isBlank()).reduce((first, second) -> second).orElseThrow()),
                "the mail holds the password Microsoft was given");
        assertEquals("", page.getMailTo(), "the address is not kept for the next reset");
    }

    @Test
    void aRouteThePageDoesNotOfferIsTheIntegrationAccount() {
        UserPage page = filled(new UserPage());

        page.setMailRoute("SMTP_ANYWHERE");

        assertEquals("INTEGRATION_ACCOUNT", page.getMailRoute());
    }

    @Test
    void theCreatePageMailsTheNewPasswordThroughTenantrysMailServerWhenChosen() {
        CreateUserView view = filled(new CreateUserView());
        view.setTenant(contoso.id());
        view.setGivenName("Nina");
        view.setSurname("Novak");
        view.setUsername("nina.novak");
        view.setDomain(Grants.CONTOSO);
        view.setMailTo("nina.home@example.org");
        view.setMailRoute("TENANTRY");

        view.create();

        DirectoryUser nina = contoso.user("nina.novak@" + Grants.CONTOSO).orElseThrow();
        assertEquals(1, notifications.secretMails().size());
        assertEquals("nina.home@example.org", notifications.secretMails().get(0).to().get(0));
        assertTrue(nina.passwordMatches(notifications.secretMails().get(0).text().lines()
                .filter(line -> !line.isBlank()).reduce((first, second) -> second).orElseThrow()));
    }
}
