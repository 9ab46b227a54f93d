package dev.tenantry.emulator;

import static dev.tenantry.emulator.DelegatedReadRolesTest.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.graph.models.PasswordProfile;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code PATCH /users/{id}} as "Update user" documents it: each permission unlocks only its properties, and a delegated
 * caller changing someone else needs the directory role for what they change.
 */
class UserUpdatePermissionsTest {

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;
    DirectoryUser adele;

    @BeforeAll
    static void start() {
        emulator = M365Emulator.builder().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        callers = new GraphCallers(emulator, "2f9c6e1b-4a7d-4c38-8e05-b3d1a6f2c947", "user-update-tests-secret");
        contoso = emulator.tenant("contoso.example");
        adele = contoso.user("adele.vance@contoso.example").orElseThrow();
    }

    @Test
    void thePasswordProfilePermissionChangesThePasswordProfileAndNothingElse() throws Exception {
        GraphServiceClient app = callers.graph(callers.appOnly(contoso, "User-PasswordProfile.ReadWrite.All"));

        app.users().byUserId(adele.id()).patch(forcePasswordChange());
        assertDenied(() -> app.users().byUserId(adele.id()).patch(jobTitle("Changed")));
        assertDenied(() -> app.users().byUserId(adele.id()).patch(enabled(false)));

        assertEquals(true, adele.json().path("passwordProfile").path("forceChangePasswordNextSignIn").asBoolean());
        assertFalse(adele.json().has("jobTitle") && adele.json().get("jobTitle").asText().equals("Changed"));
        assertEquals(true, adele.json().path("accountEnabled").asBoolean());
    }

    @Test
    void theEnableDisablePermissionChangesAccountEnabledOnly() throws Exception {
        GraphServiceClient app = callers.graph(callers.appOnly(contoso, "User.EnableDisableAccount.All"));

        assertDenied(() -> app.users().byUserId(adele.id()).patch(forcePasswordChange()));
        assertDenied(() -> app.users().byUserId(adele.id()).patch(jobTitle("Changed")));
        app.users().byUserId(adele.id()).patch(enabled(false));

        assertEquals(false, adele.json().path("accountEnabled").asBoolean());
    }

    @Test
    void userReadWriteAllChangesGeneralPropertiesButNotThePasswordProfile() throws Exception {
        GraphServiceClient app = callers.graph(callers.appOnly(contoso, "User.ReadWrite.All"));

        app.users().byUserId(adele.id()).patch(jobTitle("Changed"));
        app.users().byUserId(adele.id()).patch(enabled(false));
        assertDenied(() -> app.users().byUserId(adele.id()).patch(forcePasswordChange()));

        assertEquals("Changed", adele.json().path("jobTitle").asText());
    }

    @Test
    void userReadWriteChangesOnlyTheSignedInUsersOwnSelfServiceProfile() throws Exception {
        DirectoryUser ordinary = callers.user(contoso, "ordinary");
        GraphServiceClient self = callers.graph(callers.delegated(contoso, ordinary, "User.ReadWrite"));

        User about = new User();
        about.setAboutMe("Plays the cello");
        self.users().byUserId(ordinary.id()).patch(about);
        assertEquals("Plays the cello", ordinary.json().path("aboutMe").asText());
        assertDenied(() -> self.users().byUserId(ordinary.id()).patch(jobTitle("Chief")));
        User theirs = new User();
        theirs.setAboutMe("Not mine to write");
        assertDenied(() -> self.users().byUserId(adele.id()).patch(theirs));
    }

    @Test
    void changingAnotherUserTakesUserAdministratorAndAnAdministratorsPasswordTakesPrivilegedAuthentication()
            throws Exception {
        String[] scopes = {"User.ReadWrite.All", "User-PasswordProfile.ReadWrite.All"};
        DirectoryUser megan = contoso.user("megan.bowen@contoso.example").orElseThrow();
        GraphServiceClient ordinary = callers.graph(callers.delegated(contoso, callers.user(contoso, "ordinary"),
                scopes));
        GraphServiceClient userAdministrator = callers.graph(callers.delegated(contoso, callers.user(contoso,
                "user-admin", DirectoryRoles.USER_ADMINISTRATOR), scopes));
        GraphServiceClient authenticationAdministrator = callers.graph(callers.delegated(contoso, callers.user(
                contoso, "pa-admin", DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR), scopes));

        assertDenied(() -> ordinary.users().byUserId(adele.id()).patch(jobTitle("Changed")));
        assertDenied(() -> ordinary.users().byUserId(adele.id()).patch(forcePasswordChange()));
        userAdministrator.users().byUserId(adele.id()).patch(jobTitle("Changed"));
        userAdministrator.users().byUserId(adele.id()).patch(forcePasswordChange());
        assertDenied(() -> userAdministrator.users().byUserId(megan.id()).patch(forcePasswordChange()));
        assertDenied(() -> userAdministrator.users().byUserId(megan.id()).patch(enabled(false)));
        authenticationAdministrator.users().byUserId(megan.id()).patch(forcePasswordChange());

        assertEquals("Changed", adele.json().path("jobTitle").asText());
        assertEquals(true, megan.json().path("passwordProfile").path("forceChangePasswordNextSignIn").asBoolean());
        assertEquals(true, megan.json().path("accountEnabled").asBoolean());
        assertEquals(List.of(403, 403, 204, 204, 403, 403, 204), emulator.requestLog().matching(entry ->
                entry.method().equals("PATCH")).stream().map(entry -> entry.status()).toList());
    }

    @Test
    void helpdeskAndAuthenticationAdministratorsResetPasswordsOfUsersWithoutAnAdministratorRole() throws Exception {
        String[] scopes = {"User-PasswordProfile.ReadWrite.All", "User.ReadWrite.All"};
        DirectoryUser megan = contoso.user("megan.bowen@contoso.example").orElseThrow();
        for (String role : List.of(DirectoryRoles.HELPDESK_ADMINISTRATOR,
                DirectoryRoles.AUTHENTICATION_ADMINISTRATOR)) {
            GraphServiceClient administrator = callers.graph(callers.delegated(contoso, callers.user(contoso,
                    DelegatedReadRolesTest.alias(role), role), scopes));

            administrator.users().byUserId(adele.id()).patch(newPassword());
            assertDenied(() -> administrator.users().byUserId(megan.id()).patch(newPassword()));
            assertDenied(() -> administrator.users().byUserId(adele.id()).patch(enabled(false)));
            assertDenied(() -> administrator.users().byUserId(adele.id()).patch(jobTitle("Changed")));
        }
        assertEquals(true, adele.passwordMatches("Reset-By-Helpdesk-2026!"));
        assertFalse(megan.passwordMatches("Reset-By-Helpdesk-2026!"));
    }

    private static User newPassword() {
        PasswordProfile profile = new PasswordProfile();
        profile.setPassword("Reset-By-Helpdesk-2026!");
        profile.setForceChangePasswordNextSignIn(true);
        User change = new User();
        change.setPasswordProfile(profile);
        return change;
    }

    // Fresh models each time: the SDK's backing store does not send values it already sent once.
    private static User jobTitle(String title) {
        User change = new User();
        change.setJobTitle(title);
        return change;
    }

    private static User enabled(boolean enabled) {
        User change = new User();
        change.setAccountEnabled(enabled);
        return change;
    }

    private static User forcePasswordChange() {
        PasswordProfile profile = new PasswordProfile();
        profile.setForceChangePasswordNextSignIn(true);
        User change = new User();
        change.setPasswordProfile(profile);
        return change;
    }
}
