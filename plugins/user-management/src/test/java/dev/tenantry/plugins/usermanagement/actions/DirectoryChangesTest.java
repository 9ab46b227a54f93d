package dev.tenantry.plugins.usermanagement.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugins.usermanagement.InContoso;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Licences, groups, MFA, Temporary Access Pass, delete and restore against the emulator, each with its own scope set:
 * what Microsoft would refuse (no usage location, no free licence) is said before it is asked, the stored user and the
 * tenant's licence counts follow each change, and administrators stay guarded.
 */
class DirectoryChangesTest extends InContoso {

    DirectoryUser adele;

    DirectoryChangesTest() {
        super(UserIds.DIRECTORY_SCOPES, UserIds.LICENCE_SCOPES, UserIds.GROUP_SCOPES, UserIds.METHOD_SCOPES,
                UserIds.TAP_SCOPES, UserIds.DELETE_SCOPES);
    }

    @BeforeEach
    void arrange() {
        adele = contoso.user("adele.vance@" + CONTOSO).orElseThrow();
    }

    UserActions as(MemoryPortalUser person) {
        return new UserActions(graph, store, new History(records), new MemoryAudit(), person, Clock.systemUTC());
    }

    static MemoryPortalUser administrator() {
        return new MemoryPortalUser("admin@northwind-msp.example", "User Administrator").holding(UserIds.VIEW)
                .holding(UserIds.LICENCES).holding(UserIds.GROUPS).holding(UserIds.MFA).holding(UserIds.DELETE);
    }

    List<String> skuIdsOf(DirectoryUser user) {
        List<String> ids = new java.util.ArrayList<>();
        user.json().path("assignedLicenses").forEach(licence -> ids.add(licence.path("skuId").asText()));
        return ids;
    }

    @Test
    void aLicenceIsRemovedAndAssignedAgainAndTheFreeCountFollows() throws Exception {
        sync();
        ManagedUser stored = store.get(contoso.id(), adele.id()).orElseThrow();
        ManagedUser.Licence e5 = stored.licences().get(0);
        long consumed = store.subscriptions(contoso.id()).skus().stream().filter(sku -> sku.skuId().equals(e5
                .skuId())).findFirst().orElseThrow().consumed();

        UserActions.Outcome removed = as(administrator()).removeLicence(contoso.id(), adele.id(), e5.skuId());
        assertTrue(removed.done(), removed.message());
        assertFalse(skuIdsOf(adele).contains(e5.skuId()));
        assertFalse(store.get(contoso.id(), adele.id()).orElseThrow().licences().contains(e5));

        UserActions.Outcome assigned = as(administrator()).assignLicence(contoso.id(), adele.id(), e5.skuId());
        assertTrue(assigned.done(), assigned.message());
        assertTrue(skuIdsOf(adele).contains(e5.skuId()));
        assertEquals(consumed, store.subscriptions(contoso.id()).skus().stream().filter(sku -> sku.skuId().equals(
                e5.skuId())).findFirst().orElseThrow().consumed());
    }

    @Test
    void whatMicrosoftWouldRefuseIsSaidBeforeItIsAsked() throws Exception {
        ObjectNode noLocation = Json.object().put("userPrincipalName", "nolocation@" + CONTOSO)
                .put("displayName", "No Location").put("accountEnabled", true);
        emulator.directory().addUser(contoso, noLocation, "x", List.of());
        sync();
        String skuId = store.subscriptions(contoso.id()).skus().get(0).skuId();
        String newcomer = contoso.user("nolocation@" + CONTOSO).orElseThrow().id();
        emulator.requestLog().clear();

        UserActions.Outcome refused = as(administrator()).assignLicence(contoso.id(), newcomer, skuId);

        assertFalse(refused.done());
        assertTrue(refused.message().contains("usage location"), refused.message());

        UserStore.Subscriptions full = new UserStore.Subscriptions(store.subscriptions(contoso.id()).skus().stream()
                .map(sku -> new UserStore.Subscription(sku.skuId(), sku.partNumber(), sku.name(), sku.enabled(),
                        sku.enabled())).toList());
        store.saveSubscriptions(contoso.id(), full);
        DirectoryUser isaiah = contoso.user("isaiah.langer@" + CONTOSO).orElseThrow();
        String notHeld = full.skus().stream().map(UserStore.Subscription::skuId).filter(id -> !skuIdsOf(isaiah)
                .contains(id)).findFirst().orElse(skuId);
        if (skuIdsOf(isaiah).contains(notHeld)) {
            as(administrator()).removeLicence(contoso.id(), isaiah.id(), notHeld);
            store.saveSubscriptions(contoso.id(), full);
            emulator.requestLog().clear();
        }
        UserActions.Outcome noneFree = as(administrator()).assignLicence(contoso.id(), isaiah.id(), notHeld);
        assertFalse(noneFree.done());
        assertTrue(noneFree.message().contains("is free"), noneFree.message());
        assertEquals(0, emulator.requestLog().matching(entry -> entry.path().endsWith("/assignLicense")).size(),
                "Microsoft was not asked");
    }

    @Test
    void aUserIsAddedToAGroupAndRemovedFromIt() throws Exception {
        sync();
        ObjectNode group = emulator.directory().addGroup(contoso, Json.object().put("displayName", "Sales Team")
                .put("securityEnabled", true).put("mailEnabled", false), List.of());
        String groupId = group.path("id").asText();

        UserActions.Outcome added = as(administrator()).addToGroup(contoso.id(), adele.id(), groupId, "Sales Team");
        assertTrue(added.done(), added.message());
        assertTrue(contoso.groupMembers(groupId).contains(adele.id()));

        UserActions.Outcome removed = as(administrator()).removeFromGroup(contoso.id(), adele.id(), groupId,
                "Sales Team");
        assertTrue(removed.done(), removed.message());
        assertFalse(contoso.groupMembers(groupId).contains(adele.id()));
        assertEquals(List.of("remove-from-group", "add-to-group"), new History(records).of(contoso.id(), adele.id(),
                10).stream().map(History.Change::action).toList());
    }

    @Test
    void anMfaResetRemovesEveryMethodButThePasswordAndATemporaryAccessPassIsShownOnce() throws Exception {
        sync();
        assertTrue(adele.authenticationMethods().size() > 1, "the demo seed registered methods for Adele");

        UserActions.Outcome reset = as(administrator()).resetMfa(contoso.id(), adele.id());

        assertTrue(reset.done(), reset.message());
        assertTrue(reset.message().startsWith("MFA reset: removed "), reset.message());
        assertEquals(List.of("#microsoft.graph.passwordAuthenticationMethod"), adele.authenticationMethods().stream()
                .map(method -> method.path("@odata.type").asText()).toList());
        assertEquals(Boolean.FALSE, store.get(contoso.id(), adele.id()).orElseThrow().mfaRegistered());

        UserActions.Outcome pass = as(administrator()).temporaryAccessPass(contoso.id(), adele.id());
        assertTrue(pass.done(), pass.message());
        assertFalse(pass.password().isEmpty());
        assertFalse(new History(records).of(contoso.id(), adele.id(), 10).toString().contains(pass.password()));
    }

    @Test
    void anAdministratorsMfaIsGuarded() throws Exception {
        sync();
        DirectoryUser lee = contoso.user("lee.gu@" + CONTOSO).orElseThrow();
        int methods = lee.authenticationMethods().size();

        UserActions.Outcome refused = as(administrator()).resetMfa(contoso.id(), lee.id());

        assertFalse(refused.done());
        assertTrue(refused.message().contains(UserIds.MANAGE_ADMINS), refused.message());
        assertEquals(methods, lee.authenticationMethods().size());
    }

    @Test
    void aDeletedUserShowsAsDeletedAndIsRestored() throws Exception {
        sync();

        UserActions.Outcome deleted = as(administrator()).delete(contoso.id(), adele.id());
        assertTrue(deleted.done(), deleted.message());
        assertTrue(contoso.deletedUsers().stream().anyMatch(user -> user.id().equals(adele.id())));
        assertTrue(store.get(contoso.id(), adele.id()).orElseThrow().deleted());
        assertFalse(as(administrator()).delete(contoso.id(), adele.id()).done(), "deleted already");

        UserActions.Outcome restored = as(administrator()).restore(contoso.id(), adele.id());
        assertTrue(restored.done(), restored.message());
        assertTrue(contoso.user(adele.id()).isPresent());
        assertFalse(store.get(contoso.id(), adele.id()).orElseThrow().deleted());
    }
}
