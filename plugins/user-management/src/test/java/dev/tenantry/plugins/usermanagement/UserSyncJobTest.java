package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemorySettings;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduled sync's run ends as the portal's job list should show it: consent missing and Microsoft unavailable are
 * told apart from a failure (and the tenant's sync state says the same).
 */
class UserSyncJobTest {

    static final String TENANT = "contoso-id";

    /** Graph that answers every call with {@code refusal}; the directory scope set granted or not. */
    record Refusing(Exception refusal, boolean granted) implements GraphAccess {

        @Override
        public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) throws Exception {
            throw refusal;
        }

        @Override
        public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
                Map<String, Object> parameters) {
            throw new AssertionError("the sync called Exchange Online");
        }

        @Override
        public ConsentStatus consent(String tenantId, String scopeSetId) {
            return granted && scopeSetId.equals(UserIds.DIRECTORY_SCOPES) ? ConsentStatus.granted(tenantId, scopeSetId)
                    : new ConsentStatus(tenantId, scopeSetId, false, List.of("User.Read.All"), "not granted");
        }
    }

    static final JobProgress QUIET = new JobProgress() {
        @Override
        public void report(int done, int total, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    MemoryRecords records = new MemoryRecords();
    ThreadTasks tasks = new ThreadTasks();

    UserSyncJob job(GraphAccess graph) {
        return TestHost.with(graph, records, new MemoryClaims(), tasks, MemorySettings.of(Map.of()))
                .fill(new UserSyncJob());
    }

    @Test
    void aTenantWithoutTheDirectoryScopeSetEndsConsentRequiredNamingIt() {
        ConsentStatus missing = new ConsentStatus(TENANT, UserIds.DIRECTORY_SCOPES, false, List.of("User.Read.All"),
                "not granted");
        ConsentRequiredException ended = assertThrows(ConsentRequiredException.class,
                () -> job(new Refusing(new ConsentRequiredException(missing), false)).run(TENANT, QUIET));

        assertEquals(UserIds.DIRECTORY_SCOPES, ended.status().scopeSetId());
        assertEquals("CONSENT_REQUIRED", new UserStore(records).state(TENANT).outcome());
    }

    @Test
    void microsoftUnavailableEndsUnavailableNotFailed() {
        GraphUnavailableException ended = assertThrows(GraphUnavailableException.class, () -> job(new Refusing(
                new GraphUnavailableException("busy", Duration.ofSeconds(30), null), true)).run(TENANT, QUIET));

        assertTrue(ended.getMessage().contains("unavailable"), ended.getMessage());
        assertEquals("UNAVAILABLE", new UserStore(records).state(TENANT).outcome());
    }
}
