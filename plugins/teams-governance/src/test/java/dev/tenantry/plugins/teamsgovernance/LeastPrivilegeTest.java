package dev.tenantry.plugins.teamsgovernance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugins.teamsgovernance.account.Prerequisites;
import dev.tenantry.plugins.teamsgovernance.catalog.NamingPolicy;
import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import dev.tenantry.plugins.teamsgovernance.catalog.TenantCatalog;
import dev.tenantry.plugins.teamsgovernance.provisioning.Provisioner;
import dev.tenantry.plugins.teamsgovernance.requests.RequestStore;
import dev.tenantry.plugins.teamsgovernance.requests.Requests;
import dev.tenantry.plugins.teamsgovernance.requests.TeamRequest;
import dev.tenantry.plugins.teamsgovernance.teams.TeamArchive;
import dev.tenantry.plugins.teamsgovernance.teams.TeamDetails;
import dev.tenantry.plugins.teamsgovernance.teams.TeamRestore;
import dev.tenantry.plugins.teamsgovernance.teams.TeamStore;
import dev.tenantry.plugins.teamsgovernance.teams.TeamSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, against the emulator, which enforces each endpoint's permissions from Microsoft's permission map:
 * the plugin's code, holding exactly one scope set's permissions (the integration account's granted by Adatum's
 * Global Administrator; the service account's granted for the organisation, then signed in as the account itself),
 * does everything that scope set is for; without any one of its permissions something it does is refused; and the
 * service account, no administrator, cannot grant itself what only an administrator can.
 */
@EmulatorTest
class LeastPrivilegeTest {

    private static final String ADATUM = InAdatum.ADATUM;
    private static final String ADMIN = InAdatum.GLOBAL_ADMIN;
    private static final String SERVICE = InAdatum.SERVICE_ACCOUNT;

    M365Emulator emulator;
    PluginManifest manifest = Grants.manifest();

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
    void noScopeSetAsksWhatTheVendorsServiceAccountAsksBeyondNeed() {
        for (ScopeSet set : manifest.scopeSets()) {
            for (String permission : permissions(set)) {
                assertFalse(List.of("Directory.ReadWrite.All", "Directory.AccessAsUser.All", "Directory.Read.All",
                        "Sites.FullControl.All", "User.Read.All", "TeamsTab.ReadWrite.All").contains(permission),
                        set.id() + " asks " + permission);
                assertFalse(permission.equals("Group.ReadWrite.All") && !set.id().equals(TeamsIds.LABEL_SCOPES)
                        && !set.id().equals(TeamsIds.RESTORE_SCOPES), "only applying a label and restoring a deleted "
                        + "team need Group.ReadWrite.All, not " + set.id());
            }
            assertEquals(ScopeSet.Connection.DELEGATED, set.connection(), set.id());
            assertEquals(set.id().equals(TeamsIds.PROVISIONING_SCOPES) || set.id().equals(TeamsIds.LABEL_SCOPES)
                    || set.id().equals(TeamsIds.ARCHIVE_SCOPES), set.byPluginAccount(),
                    set.id() + ": the service account writes, the integration account reads");
        }
    }

    @Test
    void theServiceAccountCannotGrantItselfWhatOnlyAnAdministratorCan() throws Exception {
        ScopeSet provisioning = Grants.scopeSet(TeamsIds.PROVISIONING_SCOPES);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator);
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> graph.grant(provisioning.id(), ADATUM, SERVICE, false, permissions(provisioning)));
        assertTrue(refused.getMessage().contains("only an administrator can"), refused.getMessage());
        assertFalse(graph.account(emulator.tenant(ADATUM).id(), TeamsIds.SERVICE_ACCOUNT).isPresent());
    }

    private static List<String> permissions(ScopeSet set) {
        return set.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
    }

    /**
     * Runs what {@code set} is for with a token holding exactly {@code permissions} of it (the emulator reset first,
     * so no earlier consent adds to it); returns what failed, or "" when everything worked.
     */
    private String run(ScopeSet set, List<String> permissions) throws Exception {
        emulator.reset();
        emulator.directory().teams().provisioning(Duration.ZERO);
        Tenant adatum = emulator.tenant(ADATUM);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator);
        if (set.byPluginAccount()) {
            if (!set.id().equals(TeamsIds.PROVISIONING_SCOPES)) {
                account(graph, Grants.scopeSet(TeamsIds.PROVISIONING_SCOPES),
                        permissions(Grants.scopeSet(TeamsIds.PROVISIONING_SCOPES)));
            }
            account(graph, set, permissions);
        } else {
            graph.grant(set.id(), ADATUM, ADMIN, false, permissions);
        }
        MemoryRecords records = new MemoryRecords();
        String phoenix = emulator.directory().teams().teams(adatum).stream().filter(team -> team.path("displayName")
                .asText().equals("Project Phoenix")).findFirst().orElseThrow().path("id").asText();
        try {
            switch (set.id().substring(TeamsIds.PLUGIN.length() + 1)) {
                case "basic" -> {
                    TeamStore.ReadState read = new TeamSync(graph, new TeamStore(records), new MemoryClaims(),
                            Clock.systemUTC()).read(adatum.id());
                    if (!read.read()) {
                        return read.message();
                    }
                    TeamDetails.Shown shown = TeamDetails.read(graph, adatum.id(), phoenix);
                    if (shown.channels().size() != 3) {
                        return "channels " + shown.channels();
                    }
                    if (new Requests(graph, records, new MemoryAudit(), null, null, Clock.systemUTC())
                            .people(adatum.id(), "lynne").isEmpty()) {
                        return "nobody found";
                    }
                }
                case "home" -> {
                    graph.grant(TeamsIds.BASIC_SCOPES, ADATUM, ADMIN, false, permissions(Grants.scopeSet(
                            TeamsIds.BASIC_SCOPES)));
                    TeamDetails.Shown shown = TeamDetails.read(graph, adatum.id(), phoenix);
                    if (shown.detailsMissing() || shown.people().size() != 4) {
                        return "people " + shown.people();
                    }
                    TeamDetails.ChannelRow leadership = shown.channels().get(2);
                    if (leadership.members().isEmpty()) {
                        return "the private channel's members were not read";
                    }
                    if (!shown.partial().isEmpty()) {
                        return shown.partial();
                    }
                }
                case "catalog" -> {
                    List<TenantCatalog.Label> labels = TenantCatalog.labels(graph, adatum.id());
                    if (labels.stream().noneMatch(label -> label.name().equals("Confidential"))) {
                        return "labels " + labels;
                    }
                    if (TenantCatalog.apps(graph, adatum.id()).isEmpty()) {
                        return "no app";
                    }
                }
                case "provisioning" -> {
                    if (!Prerequisites.read(graph, adatum.id()).ready()) {
                        return "prerequisites";
                    }
                    Provisioner.Outcome outcome = provision(graph, records, adatum, "");
                    if (!outcome.state().equals(TeamRequest.PROVISIONED)) {
                        return outcome.message();
                    }
                }
                case "labels" -> {
                    Provisioner.Outcome outcome = provision(graph, records, adatum, Directory.stableId(adatum.id(),
                            "sensitivityLabel", "Confidential"));
                    if (!outcome.state().equals(TeamRequest.PROVISIONED)) {
                        return outcome.message();
                    }
                }
                case "archive" -> TeamArchive.archive(graph, adatum.id(), phoenix, true);
                case "restore" -> {
                    emulator.directory().deleteGroup(adatum, phoenix);
                    List<TeamRestore.Deleted> deleted = TeamRestore.deleted(graph, adatum.id());
                    if (deleted.stream().noneMatch(team -> team.id().equals(phoenix))) {
                        return "deleted teams " + deleted;
                    }
                    TeamRestore.restore(graph, adatum.id(), phoenix);
                    if (!emulator.directory().teams().exists(adatum, phoenix)) {
                        return "not restored";
                    }
                }
                default -> {
                    return "no check for " + set.id();
                }
            }
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return "";
    }

    /** The organisation grants the account's permissions, then the account signs in as itself. */
    private static void account(EmulatorGraphAccess graph, ScopeSet set, List<String> permissions) throws Exception {
        graph.grant(set.id(), ADATUM, ADMIN, false, permissions);
        graph.grant(set.id(), ADATUM, SERVICE, false, permissions);
    }

    private static Provisioner.Outcome provision(EmulatorGraphAccess graph, MemoryRecords records, Tenant adatum,
            String labelId) throws Exception {
        TeamTemplate template = new TeamTemplate(UUID.randomUUID().toString(), adatum.id(), 1, "Project", "",
                "standard", "private", List.of(new TeamTemplate.ChannelSpec("Design", "", "standard", List.of(
                        new TeamTemplate.TabSpec("Wiki", "https://wiki.adatum.example"))),
                        new TeamTemplate.ChannelSpec("Board", "", "private", List.of())), List.of(), null, null,
                false, NamingPolicy.none(), 1, labelId, labelId.isEmpty() ? "" : "Confidential", 0, List.of(), false,
                "test", Instant.now());
        String lynne = adatum.user("lynne.robbins@" + ADATUM).orElseThrow().id();
        TeamRequest request = new TeamRequest(UUID.randomUUID().toString(), adatum.id(), template, "Least", "Least",
                "", List.of(new TeamRequest.Person(lynne, "Lynne", "lynne.robbins@" + ADATUM)), List.of(), "test",
                Instant.now().minusSeconds(5), TeamRequest.APPROVED, "approver", Instant.now().minusSeconds(5), "",
                null);
        new RequestStore(records).write(request, 0);
        return new Provisioner(graph, new RequestStore(records), new MemoryAudit(), null, Clock.systemUTC())
                .provision(adatum.id(), request.id());
    }
}
