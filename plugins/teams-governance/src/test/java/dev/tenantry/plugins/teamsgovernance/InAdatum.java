package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugins.teamsgovernance.catalog.NamingPolicy;
import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import dev.tenantry.plugins.teamsgovernance.requests.RequestStore;
import dev.tenantry.plugins.teamsgovernance.requests.TeamRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * What provisioning tests start from: Adatum of the emulator's demo seed, with its Teams service account
 * ({@code svc-teams@adatum.example}: Teams Administrator, licensed for Teams, multi-factor authentication enforced)
 * signed in for the scope sets the test class names, after the tenant's Global Administrator granted them for the
 * whole organisation (the service account cannot grant what only an administrator can); a memory host.
 */
@EmulatorTest
public abstract class InAdatum {

    public static final String ADATUM = "adatum.example";
    public static final String GLOBAL_ADMIN = "nestor.wilke@adatum.example";
    public static final String SERVICE_ACCOUNT = "svc-teams@adatum.example";

    private final String[] accountScopeSets;

    protected M365Emulator emulator;
    protected Tenant adatum;
    protected EmulatorGraphAccess graph;
    protected MemoryRecords records;
    protected MemoryAudit audit;
    protected MemoryNotifications notifications;

    protected InAdatum(String... accountScopeSets) {
        this.accountScopeSets = accountScopeSets.clone();
    }

    @BeforeEach
    void arrangeAdatum(M365Emulator emulator) throws Exception {
        this.emulator = emulator;
        adatum = emulator.tenant(ADATUM);
        graph = EmulatorGraphAccess.register(emulator);
        // The organisation's grant first: the service account may not grant what only an administrator can
        graph.grantAsDeclared(ADATUM, GLOBAL_ADMIN, accountScopeSets).grantAsDeclared(ADATUM, SERVICE_ACCOUNT,
                accountScopeSets);
        records = new MemoryRecords();
        audit = new MemoryAudit();
        notifications = new MemoryNotifications();
    }

    protected DirectoryUser user(String name) {
        return adatum.user(name.contains("@") ? name : name + "@" + ADATUM).orElseThrow();
    }

    protected TeamRequest.Person person(String name) {
        DirectoryUser user = user(name);
        return new TeamRequest.Person(user.id(), user.displayName(), user.userPrincipalName());
    }

    /** A template of Adatum: a standard channel with a website tab, a private one, a label when given. */
    protected TeamTemplate template(String labelId) {
        return new TeamTemplate(UUID.randomUUID().toString(), adatum.id(), 1, "Project", "A project team",
                "standard", "private", List.of(
                        new TeamTemplate.ChannelSpec("Design", "Screens", "standard", List.of(
                                new TeamTemplate.TabSpec("Wiki", "https://wiki.adatum.example/design"))),
                        new TeamTemplate.ChannelSpec("Leadership", "Budget", "private", List.of())),
                List.of(), TeamTemplate.MemberSettings.defaults(), TeamTemplate.GuestSettings.defaults(), false,
                new NamingPolicy("PRJ-", "", List.of("payroll")), 2, labelId == null ? "" : labelId,
                labelId == null ? "" : "Confidential", 0, List.of(), false, "catalog@northwind-msp.example",
                Instant.now());
    }

    /** An approved request for a team from {@code template}, stored. */
    protected TeamRequest approved(TeamTemplate template, String name) {
        TeamRequest request = new TeamRequest(UUID.randomUUID().toString(), adatum.id(), template, name,
                template.naming().apply(name), "Made by a test", List.of(person("lynne.robbins"),
                person("johanna.lorenz")), List.of(person("pradeep.gupta")), "sam.patel@northwind-msp.example",
                Instant.now().minusSeconds(60), TeamRequest.APPROVED, "alex.morgan@northwind-msp.example",
                Instant.now().minusSeconds(30), "", null);
        new RequestStore(records).write(request, 0);
        return request;
    }
}
