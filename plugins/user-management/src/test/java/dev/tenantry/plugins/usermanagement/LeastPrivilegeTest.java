package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.api.firewall.GraphFirewall;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugins.usermanagement.actions.History;
import dev.tenantry.plugins.usermanagement.actions.MailRoute;
import dev.tenantry.plugins.usermanagement.actions.MailboxActions;
import dev.tenantry.plugins.usermanagement.actions.UserCreation;
import dev.tenantry.plugins.usermanagement.actions.UserActions;
import dev.tenantry.plugins.usermanagement.directory.DirectorySync;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.SyncState;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, against the emulator, which enforces each endpoint's permissions from Microsoft's permission map:
 * the plugin's code, holding exactly one scope set's permissions (through the real authorization code flow and admin
 * consent), does everything that scope set is for; and without any one of its permissions something it does is
 * refused, so no permission in a scope set is unused.
 */
@EmulatorTest
class LeastPrivilegeTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";

    static PluginManifest manifest;
    M365Emulator emulator;

    @BeforeAll
    static void readManifest() {
        manifest = Grants.manifest();
    }

    @BeforeEach
    void emulator(M365Emulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void eachScopeSetIsEnoughForWhatItIsFor() throws Exception {
        for (ScopeSet set : manifest.scopeSets()) {
            assertEquals("", run(set, permissions(set)), set.id() + " with all its permissions");
        }
    }

    @Test
    void everyPermissionOfAScopeSetIsUsed() throws Exception {
        for (ScopeSet set : manifest.scopeSets()) {
            List<String> all = permissions(set);
            if (all.size() == 1) {
                // Without its only permission the scope set holds nothing; the sufficiency test shows it is needed
                continue;
            }
            for (String left : all) {
                List<String> fewer = new ArrayList<>(all);
                fewer.remove(left);
                assertFalse(run(set, fewer).isEmpty(), set.id() + " works without " + left + ": it is not needed");
            }
        }
    }

    @Test
    void everyScopeSetAsksOnlyForDelegatedPermissionsAndNeverForTheBroadOnes() {
        for (ScopeSet set : manifest.scopeSets()) {
            for (String permission : permissions(set)) {
                assertFalse(List.of("Directory.ReadWrite.All", "Directory.AccessAsUser.All", "Directory.Read.All")
                        .contains(permission), set.id() + " asks " + permission);
                // Creating a user has no narrower permission than User.ReadWrite.All; nothing else may ask it
                assertFalse(permission.equals("User.ReadWrite.All") && !set.id().equals(UserIds.CREATE_SCOPES),
                        set.id() + " asks " + permission);
            }
            assertEquals(ScopeSet.Connection.DELEGATED, set.connection(), set.id());
        }
    }

    private static List<String> permissions(ScopeSet set) {
        return set.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
    }

    private static final List<String> DIRECTORY = List.of("User.Read.All", "GroupMember.Read.All",
            "RoleManagement.Read.Directory", "LicenseAssignment.Read.All");

    /**
     * Runs what {@code set} is for with a token holding exactly {@code permissions} of it (the emulator reset first,
     * so no earlier consent adds to it); returns what failed, or "" when everything worked.
     */
    private String run(ScopeSet set, List<String> permissions) throws Exception {
        emulator.reset();
        Tenant contoso = emulator.tenant(CONTOSO);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator);
        if (set.id().equals(UserIds.ACTIVITY_SCOPES)) {
            graph.grant(UserIds.DIRECTORY_SCOPES, CONTOSO, ADMIN, false, DIRECTORY);
        }
        graph.grant(set.id(), CONTOSO, ADMIN, set.resource() == ScopeSet.Resource.EXCHANGE_ONLINE, permissions);
        MemoryRecords records = new MemoryRecords();
        UserStore store = new UserStore(records);
        DirectoryUser adele = contoso.user("adele.vance@" + CONTOSO).orElseThrow();
        if (!set.id().equals(UserIds.DIRECTORY_SCOPES) && !set.id().equals(UserIds.ACTIVITY_SCOPES)) {
            stored(contoso, store);
        }
        // Holding manage-admins, the person's actions use no scope set but their own
        MemoryPortalUser person = new MemoryPortalUser("admin@northwind-msp.example", "Admin").holding(UserIds.VIEW)
                .holding(UserIds.RESET_PASSWORD).holding(UserIds.SIGN_IN).holding(UserIds.LICENCES)
                .holding(UserIds.GROUPS).holding(UserIds.MFA).holding(UserIds.DELETE).holding(UserIds.MAILBOXES)
                .holding(UserIds.MANAGE_ADMINS);
        UserActions actions = new UserActions(graph, store, new History(records), new MemoryAudit(), person,
                Clock.systemUTC());
        String tenant = contoso.id();
        switch (set.id()) {
            case UserIds.DIRECTORY_SCOPES -> {
                SyncState state = new DirectorySync(graph, store, new MemoryClaims(), new ThreadTasks(),
                        Clock.systemUTC(), Duration.ofDays(1)).sync(tenant, true);
                if (!state.synced()) {
                    return state.message();
                }
                try {
                    graph.call(tenant, set.id(), client -> client.users().byUserId(adele.id()).memberOf().get());
                } catch (Exception e) {
                    return "memberOf: " + e;
                }
                return "";
            }
            case UserIds.ACTIVITY_SCOPES -> {
                SyncState state = new DirectorySync(graph, store, new MemoryClaims(), new ThreadTasks(),
                        Clock.systemUTC(), Duration.ofDays(1)).sync(tenant, true);
                return state.synced() && SyncState.Activity.AVAILABLE.name().equals(state.activity()) ? ""
                        : state.activity() + ": " + state.message();
            }
            case UserIds.CREATE_SCOPES -> {
                UserCreation.Created created = new UserCreation(graph, store, new History(records), new MemoryAudit(),
                        person.holding(UserIds.CREATE), Clock.systemUTC()).create(tenant, new UserCreation.NewUser(
                        "Least", "Privilege", "Least Privilege", "least.privilege", CONTOSO, "GB", null, null, null,
                        List.of(), List.of(), "", null, ""));
                return failure(created.outcome());
            }
            case UserIds.PASSWORD_SCOPES -> {
                return failure(actions.resetPassword(tenant, adele.id(), "", MailRoute.INTEGRATION_ACCOUNT));
            }
            case UserIds.MAIL_SCOPES -> {
                // Mail goes with a reset; the password scope set is another grant, granted here
                graph.grant(UserIds.PASSWORD_SCOPES, CONTOSO, ADMIN, false,
                        List.of("User-PasswordProfile.ReadWrite.All"));
                UserActions.Outcome outcome = actions.resetPassword(tenant, adele.id(), "adele.home@example.org",
                        MailRoute.INTEGRATION_ACCOUNT);
                return outcome.done() && outcome.message().contains("was mailed") ? "" : outcome.message();
            }
            case UserIds.SIGN_IN_BLOCK_SCOPES -> {
                return failure(actions.setSignIn(tenant, adele.id(), false));
            }
            case UserIds.SESSION_SCOPES -> {
                return failure(actions.revokeSessions(tenant, adele.id()));
            }
            case UserIds.LICENCE_SCOPES -> {
                String skuId = store.get(tenant, adele.id()).orElseThrow().licences().get(0).skuId();
                String removed = failure(actions.removeLicence(tenant, adele.id(), skuId));
                return removed.isEmpty() ? failure(actions.assignLicence(tenant, adele.id(), skuId)) : removed;
            }
            case UserIds.GROUP_SCOPES -> {
                String group = emulator.directory().addGroup(contoso, dev.tenantry.emulator.http.Json.object()
                        .put("displayName", "Least privilege").put("securityEnabled", true)
                        .put("mailEnabled", false), List.of()).path("id").asText();
                String added = failure(actions.addToGroup(tenant, adele.id(), group, "Least privilege"));
                return added.isEmpty() ? failure(actions.removeFromGroup(tenant, adele.id(), group, "")) : added;
            }
            case UserIds.METHOD_SCOPES -> {
                return failure(actions.resetMfa(tenant, adele.id()));
            }
            case UserIds.TAP_SCOPES -> {
                return failure(actions.temporaryAccessPass(tenant, adele.id()));
            }
            case UserIds.GROUP_LIFECYCLE_SCOPES -> {
                String group = emulator.directory().addGroup(contoso, dev.tenantry.emulator.http.Json.object()
                        .put("displayName", "Least privilege").put("mailEnabled", true).put("securityEnabled", false)
                        .set("groupTypes", dev.tenantry.emulator.http.Json.array().add("Unified")), List.of())
                        .path("id").asText();
                dev.tenantry.plugins.usermanagement.actions.GroupLifecycle lifecycle =
                        new dev.tenantry.plugins.usermanagement.actions.GroupLifecycle(graph, new MemoryAudit(), person);
                String deleted = failure(lifecycle.delete(tenant, group, "Least privilege"));
                if (!deleted.isEmpty()) {
                    return deleted;
                }
                String listed = lifecycle.deleted(tenant).problem();
                return listed.isEmpty() ? failure(lifecycle.restore(tenant, group, "Least privilege")) : listed;
            }
            case UserIds.DELETE_SCOPES -> {
                String deleted = failure(actions.delete(tenant, adele.id()));
                return deleted.isEmpty() ? failure(actions.restore(tenant, adele.id())) : deleted;
            }
            case UserIds.MAILBOX_SCOPES -> {
                return mailboxes(set, graph, new MailboxActions(graph, store, new History(records), new MemoryAudit(),
                        person, Clock.systemUTC()), tenant, adele.id());
            }
            default -> {
                return "no test runs what " + set.id() + " is for";
            }
        }
    }

    /**
     * Every mailbox action and the mailbox read; then, that the scope set names no cmdlet they did not run (the
     * firewall refuses the ones it does not name, so none is missing).
     */
    private static String mailboxes(ScopeSet set, EmulatorGraphAccess graph, MailboxActions actions, String tenant,
            String user) {
        String delegate = "isaiah.langer@" + CONTOSO;
        List<UserActions.Outcome> outcomes = List.of(actions.grantFullAccess(tenant, user, delegate),
                actions.removeFullAccess(tenant, user, delegate), actions.grantSendAs(tenant, user, delegate),
                actions.removeSendAs(tenant, user, delegate), actions.grantSendOnBehalf(tenant, user, delegate),
                actions.removeSendOnBehalf(tenant, user, delegate),
                actions.setForwarding(tenant, user, "archive@partner.example", true),
                actions.clearForwarding(tenant, user), actions.setShared(tenant, user, true),
                actions.setShared(tenant, user, false), actions.setHidden(tenant, user, true),
                actions.setHidden(tenant, user, false), actions.setAutomaticReplies(tenant, user, "Away.", "",
                        null, Instant.now().plus(Duration.ofDays(1))), actions.clearAutomaticReplies(tenant, user));
        for (UserActions.Outcome outcome : outcomes) {
            if (!outcome.done()) {
                return outcome.message();
            }
        }
        MailboxActions.Reading reading = actions.read(tenant, user);
        if (!reading.found()) {
            return "read: " + reading.problem();
        }
        List<String> run = graph.decisions().stream().filter(GraphFirewall.Decision::allowed)
                .map(GraphFirewall.Decision::path).toList();
        List<String> unused = set.cmdlets().stream().filter(cmdlet -> !run.contains(cmdlet)).toList();
        return unused.isEmpty() ? "" : set.id() + " names cmdlets it never runs: " + unused;
    }

    private static String failure(UserActions.Outcome outcome) {
        return outcome.done() ? "" : outcome.message();
    }

    /** The tenant's users and subscriptions as a sync would have stored them (without asking Microsoft). */
    private static void stored(Tenant contoso, UserStore store) {
        List<UserStore.Subscription> skus = new ArrayList<>();
        contoso.collection("/subscribedSkus").orElseThrow().path("value").forEach(sku -> skus.add(
                new UserStore.Subscription(sku.path("skuId").asText(), sku.path("skuPartNumber").asText(),
                        sku.path("skuPartNumber").asText(), sku.path("prepaidUnits").path("enabled").asLong(),
                        sku.path("consumedUnits").asLong())));
        store.saveSubscriptions(contoso.id(), new UserStore.Subscriptions(skus));
        for (DirectoryUser user : contoso.users()) {
            List<ManagedUser.Licence> licences = new ArrayList<>();
            user.json().path("assignedLicenses").forEach(licence -> licences.add(new ManagedUser.Licence(
                    licence.path("skuId").asText(), licence.path("skuId").asText())));
            store.put(contoso.id(), new ManagedUser(user.id(), user.json().path("displayName").asText(),
                    user.json().path("userPrincipalName").asText(), null, user.accountEnabled(), "Member", null, null,
                    user.json().path("usageLocation").asText(null), null, licences, List.of(), null, null, null,
                    false, null));
        }
    }
}
