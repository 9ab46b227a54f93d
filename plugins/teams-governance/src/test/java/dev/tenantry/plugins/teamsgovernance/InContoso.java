package dev.tenantry.plugins.teamsgovernance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryRecords;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * What Teams Governance's emulator tests start from, before each test: the emulator's seeded demo tenants, teams
 * created at once (no provisioning delay unless a test sets one), Contoso with the scope sets the test class names
 * granted by its Global Administrator ({@link Grants}), and a memory host: records and an audit log.
 */
@EmulatorTest
public abstract class InContoso {

    public static final String CONTOSO = Grants.CONTOSO;
    public static final String GLOBAL_ADMIN = Grants.GLOBAL_ADMIN;

    private final String[] scopeSets;

    protected M365Emulator emulator;
    protected Tenant contoso;
    protected EmulatorGraphAccess graph;
    protected MemoryRecords records;
    protected MemoryAudit audit;

    protected InContoso(String... scopeSets) {
        this.scopeSets = scopeSets.clone();
    }

    @BeforeEach
    void arrangeContoso(M365Emulator emulator) throws Exception {
        this.emulator = emulator;
        contoso = emulator.tenant(CONTOSO);
        emulator.directory().teams().provisioning(Duration.ZERO);
        graph = Grants.inContoso(emulator, scopeSets);
        records = new MemoryRecords();
        audit = new MemoryAudit();
    }

    protected DirectoryUser user(String upn) {
        return contoso.user(upn).orElseThrow();
    }

    /**
     * A team made in Contoso's emulator by {@code creator} (its first owner), with {@code owners} more and
     * {@code members}; its id.
     */
    protected String team(String name, DirectoryUser creator, List<DirectoryUser> owners, List<DirectoryUser> members) {
        ObjectNode request = dev.tenantry.emulator.http.Json.object().put("displayName", name)
                .put("description", name + " team").put("template@odata.bind", emulator.graphBaseUrl()
                        + "/teamsTemplates('standard')");
        var list = request.putArray("members");
        owners.forEach(owner -> list.addObject().put("user@odata.bind", emulator.graphBaseUrl() + "/users('"
                + owner.id() + "')").putArray("roles").add("owner"));
        members.forEach(member -> list.addObject().put("user@odata.bind", emulator.graphBaseUrl() + "/users('"
                + member.id() + "')").putArray("roles"));
        return emulator.directory().teams().create(contoso, request, creator).teamId();
    }
}
