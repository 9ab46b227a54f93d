package dev.tenantry.plugins.usermanagement;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugins.usermanagement.directory.DirectorySync;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.SyncState;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * What User Management's emulator tests start from, before each test: the emulator's seeded demo tenants (the test
 * kit's {@link EmulatorTest}), Contoso with the scope sets the test class names granted by its Global Administrator
 * ({@link Grants}), and a memory host for the plugin: records, the user store over them, an audit log. The store starts
 * empty; a test class fills it as it needs, as a sync left it ({@link #sync}) or without asking Microsoft
 * ({@link #storeEveryUser}).
 *
 * <pre>{@code
 * class UserActionsTest extends InContoso {
 *     UserActionsTest() {
 *         super(UserIds.DIRECTORY_SCOPES, UserIds.PASSWORD_SCOPES);
 *     }
 * }
 * }</pre>
 */
@EmulatorTest
public abstract class InContoso {

    public static final String CONTOSO = Grants.CONTOSO;
    public static final String GLOBAL_ADMIN = Grants.GLOBAL_ADMIN;

    private final String[] scopeSets;

    protected M365Emulator emulator;
    protected Tenant contoso;
    /** The plugin's Graph access, holding the scope sets the test class named. */
    protected EmulatorGraphAccess graph;
    protected MemoryRecords records;
    protected UserStore store;
    protected MemoryAudit audit;

    /** @param scopeSets scope sets of the plugin's manifest, granted in this order before each test */
    protected InContoso(String... scopeSets) {
        this.scopeSets = scopeSets.clone();
    }

    @BeforeEach
    void arrangeContoso(M365Emulator emulator) throws Exception {
        this.emulator = emulator;
        contoso = emulator.tenant(CONTOSO);
        graph = Grants.inContoso(emulator, scopeSets);
        records = new MemoryRecords();
        store = new UserStore(records);
        audit = new MemoryAudit();
    }

    /** A full sync of Contoso into the store, with {@link #graph}. */
    protected SyncState sync() throws Exception {
        return new DirectorySync(graph, store, new MemoryClaims(), new ThreadTasks(), Clock.systemUTC(),
                Duration.ofDays(1))
                .sync(contoso.id(), true);
    }

    /**
     * Every user of Contoso in the store, without asking Microsoft: their display name, sign-in name (their mail too),
     * whether they may sign in, their directory roles and usage location GB; nothing else.
     */
    protected void storeEveryUser() {
        contoso.users().forEach(this::stored);
    }

    /** One user of Contoso in the store, as {@link #storeEveryUser} stores each. */
    protected void stored(DirectoryUser user) {
        store.put(contoso.id(), new ManagedUser(user.id(), user.displayName(), user.userPrincipalName(),
                user.userPrincipalName(), user.accountEnabled(), "Member", null, null, "GB", null, List.of(),
                user.directoryRoles().stream().sorted().toList(), null, null, null, false, null));
    }
}
