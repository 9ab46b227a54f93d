package dev.tenantry.plugins.usermanagement.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugins.usermanagement.Grants;
import dev.tenantry.plugins.usermanagement.InContoso;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creating users against the emulator, from a template and as a copy: what Microsoft would refuse is said first, all of
 * it, and nothing is created; a good request creates the user with the template's properties, licences and groups,
 * and a password that must be changed, shown once and, when asked, mailed the way the technician chose.
 */
class UserCreationTest extends InContoso {

    MemoryNotifications notifications;

    final MemoryPortalUser person = new MemoryPortalUser("admin@northwind-msp.example", "User Administrator")
            .holding(UserIds.VIEW).holding(UserIds.CREATE).holding(UserIds.MANAGE_TEMPLATES);

    UserCreationTest() {
        super(UserIds.DIRECTORY_SCOPES, UserIds.CREATE_SCOPES, UserIds.LICENCE_SCOPES, UserIds.GROUP_SCOPES);
    }

    @BeforeEach
    void arrange() throws Exception {
        notifications = new MemoryNotifications();
        sync();
    }

    UserCreation creation() {
        return new UserCreation(graph, notifications, store, new History(records), audit, person, Clock.systemUTC());
    }

    UserCreation.NewUser newUser(String username, String domain, String usageLocation, List<String> skuIds,
            List<UserCreation.GroupRef> groups) {
        return new UserCreation.NewUser("Nina", "Novak", "Nina Novak", username, domain, usageLocation, "Sales",
                "Account Manager", "Contoso", skuIds, groups, "", null, "template Sales");
    }

    @Test
    void aTemplateMakesAUserWithItsPropertiesLicencesAndGroupsAndAPasswordShownOnce() throws Exception {
        String sales = emulator.directory().addGroup(contoso, Json.object().put("displayName", "Sales Team")
                .put("securityEnabled", true).put("mailEnabled", false), List.of()).path("id").asText();
        List<String> problems = new Templates(records).save(new UserTemplate(null, "Sales", null, "gb", "Sales",
                "Account Manager", "Contoso", List.of("ENTERPRISEPREMIUM"), List.of("Sales Team", "No Such Group"),
                null, null), person, audit, Clock.systemUTC());
        assertEquals(List.of(), problems);
        UserTemplate template = new Templates(records).offeredIn(contoso.id()).get(0);
        String e3 = store.subscriptions(contoso.id()).skus().stream().filter(sku -> sku.partNumber().equals(
                template.licences().get(0))).findFirst().orElseThrow().skuId();
        List<UserCreation.GroupRef> groups = creation().groupsNamed(contoso.id(), template.groups());
        assertEquals(List.of(new UserCreation.GroupRef(sales, "Sales Team")), groups, "a group the tenant lacks is "
                + "left out for the page to say");

        UserCreation.Created created = creation().create(contoso.id(), newUser("nina.novak", CONTOSO,
                template.usageLocation(), List.of(e3), groups));

        assertTrue(created.outcome().done(), created.outcome().message());
        DirectoryUser nina = contoso.user("nina.novak@" + CONTOSO).orElseThrow();
        assertEquals(created.userId(), nina.id());
        assertEquals("GB", nina.json().path("usageLocation").asText());
        assertEquals("Sales", nina.json().path("department").asText());
        assertTrue(nina.passwordMatches(created.outcome().password()));
        assertTrue(nina.json().path("passwordProfile").path("forceChangePasswordNextSignIn").asBoolean());
        assertEquals(e3, nina.json().path("assignedLicenses").get(0).path("skuId").asText());
        assertTrue(contoso.groupMembers(sales).contains(nina.id()));
        assertTrue(store.get(contoso.id(), nina.id()).isPresent(), "in the table at once");
        assertEquals("create-user", new History(records).of(contoso.id(), nina.id(), 1).get(0).action());
        assertFalse(audit.entries().toString().contains(created.outcome().password()));
    }

    @Test
    void aNewUsersPasswordGoesThroughTenantrysMailServerSealedWithoutTheMailScopeSet() {
        UserCreation.NewUser asked = new UserCreation.NewUser("Nina", "Novak", "Nina Novak", "nina.novak", CONTOSO,
                "GB", null, null, null, List.of(), List.of(), "nina.home@example.org", MailRoute.TENANTRY, "");

        UserCreation.Created created = creation().create(contoso.id(), asked);

        assertTrue(created.outcome().done(), created.outcome().message());
        String password = created.outcome().password();
        assertTrue(contoso.user("nina.novak@" + CONTOSO).orElseThrow().passwordMatches(password));
        assertTrue(created.outcome().message().contains("on its way to nina.home@example.org through Tenantry's "
                + "mail server"), created.outcome().message());
        assertEquals(1, notifications.secretMails().size());
        MemoryNotifications.Mail mail = notifications.secretMails().get(0);
        assertEquals(List.of("nina.home@example.org"), mail.to());
        assertTrue(mail.text().contains("The account nina.novak@" + CONTOSO + " was created by User Administrator"),
                mail.text());
        assertTrue(mail.text().contains(password));
        assertTrue(notifications.mails().isEmpty());
        assertEquals(List.of("mail-password", "create-user"), new History(records).of(contoso.id(),
                created.userId(), 10).stream().map(History.Change::action).toList());
        assertEquals(Map.of("to", "nina.home@example.org", "via", "tenantry-mail-server", "delivery", mail.id()),
                audit.of("mail-password").get(0).details());
        assertFalse(audit.entries().toString().contains(password), "the audit log never holds the password");
        assertFalse(records.toString().contains(password), "nor the history or any record");
    }

    @Test
    void aNewUserToBeMailedFromTheIntegrationAccountNeedsTheMailScopeSetFirst() {
        int before = contoso.users().size();
        UserCreation.NewUser asked = new UserCreation.NewUser("Nina", "Novak", "Nina Novak", "nina.novak", CONTOSO,
                "GB", null, null, null, List.of(), List.of(), "nina.home@example.org", MailRoute.INTEGRATION_ACCOUNT,
                "");

        UserCreation.Created created = creation().create(contoso.id(), asked);

        assertFalse(created.outcome().done());
        assertEquals(UserIds.MAIL_SCOPES, created.outcome().consentScopeSet());
        assertEquals(before, contoso.users().size(), "nothing was created");
        assertTrue(notifications.secretMails().isEmpty());
    }

    @Test
    void everythingMicrosoftWouldRefuseIsSaidAtOnceAndNothingIsCreated() {
        String skuId = store.subscriptions(contoso.id()).skus().get(0).skuId();
        int before = contoso.users().size();
        emulator.requestLog().clear();

        UserCreation.Created noLocation = creation().create(contoso.id(), newUser("nina", CONTOSO, "", List.of(skuId),
                List.of()));
        assertFalse(noLocation.outcome().done());
        assertTrue(noLocation.outcome().message().contains("usage location"), noLocation.outcome().message());

        UserCreation.Created badForm = creation().create(contoso.id(), newUser("nina novak!", "", "Britain",
                List.of(), List.of()));
        assertFalse(badForm.outcome().done());
        String said = badForm.outcome().message();
        assertTrue(said.contains("user name") && said.contains("domain") && said.contains("two-letter"), said);

        UserCreation.Created unverified = creation().create(contoso.id(), newUser("nina", "fabrikam.example", "GB",
                List.of(), List.of()));
        assertTrue(unverified.outcome().message().contains("not a verified domain of this tenant"),
                unverified.outcome().message());

        UserCreation.Created taken = creation().create(contoso.id(), newUser("adele.vance", CONTOSO, "GB", List.of(),
                List.of()));
        assertTrue(taken.outcome().message().contains("is taken (by Adele Vance)"), taken.outcome().message());

        assertEquals(before, contoso.users().size());
        assertEquals(0, emulator.requestLog().matching(entry -> entry.method().equals("POST")
                && entry.path().endsWith("/users")).size(), "Microsoft was never asked to create");
    }

    @Test
    void aCreationNeedingAScopeSetNotGrantedAsksForItFirst() throws Exception {
        EmulatorGraphAccess directoryOnly = EmulatorGraphAccess.register(emulator).grant(UserIds.DIRECTORY_SCOPES,
                CONTOSO, GLOBAL_ADMIN, false, List.of("User.Read.All"));

        UserCreation.Created created = new UserCreation(directoryOnly, store, new History(records), audit, person,
                Clock.systemUTC()).create(contoso.id(), newUser("nina", CONTOSO, "GB", List.of(), List.of()));

        assertFalse(created.outcome().done());
        assertEquals(UserIds.CREATE_SCOPES, created.outcome().consentScopeSet());
    }

    @Test
    void anAccountWithoutTheUserAdministratorRoleIsRefusedByMicrosoftAndThatIsSaidNotAskedAsConsent()
            throws Exception {
        // The administrator consents for the organisation; the integration account then is a plain user
        Grants.grant(graph, CONTOSO, "isaiah.langer@" + CONTOSO,
                UserIds.CREATE_SCOPES);
        int before = contoso.users().size();

        UserCreation.Created created = creation().create(contoso.id(), newUser("nina", CONTOSO, "GB", List.of(),
                List.of()));

        assertFalse(created.outcome().done());
        assertTrue(created.outcome().message().startsWith("Microsoft refused (HTTP 403)"),
                created.outcome().message());
        assertEquals("", created.outcome().consentScopeSet(), "no consent card");
        assertEquals(before, contoso.users().size());
    }

    @Test
    void aCopyTakesTheAssignedGroupsOfTheOriginal() throws Exception {
        DirectoryUser adele = contoso.user("adele.vance@" + CONTOSO).orElseThrow();
        String team = emulator.directory().addGroup(contoso, Json.object().put("displayName", "Marketing")
                .put("securityEnabled", true).put("mailEnabled", false), List.of(adele.id())).path("id").asText();
        String dynamic = emulator.directory().addGroup(contoso, Json.object().put("displayName", "All staff")
                .put("securityEnabled", true).put("mailEnabled", false).set("groupTypes", Json.array()
                        .add("DynamicMembership")), List.of(adele.id())).path("id").asText();

        List<UserCreation.GroupRef> groups = creation().groupsOf(contoso.id(), adele.id());

        assertTrue(groups.contains(new UserCreation.GroupRef(team, "Marketing")), groups.toString());
        assertTrue(groups.stream().noneMatch(group -> group.id().equals(dynamic)), "a dynamic group's members are "
                + "Microsoft's rule's to choose");
    }

    @Test
    void withoutThePermissionNothingIsAsked() {
        emulator.requestLog().clear();
        MemoryPortalUser viewer = new MemoryPortalUser("viewer@northwind-msp.example", "Viewer").holding(UserIds.VIEW);

        UserCreation.Created created = new UserCreation(graph, store, new History(records), audit, viewer,
                Clock.systemUTC()).create(contoso.id(), newUser("nina", CONTOSO, "GB", List.of(), List.of()));

        assertFalse(created.outcome().done());
        assertEquals(0, emulator.requestLog().matching(entry -> entry.kind().startsWith("graph")).size());
    }
}
