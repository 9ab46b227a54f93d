package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PluginWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plugin work for a plugin's tests: run at once, in the caller's thread, so the test sees its outcome as soon as
 * {@code start} returns; over tenants one tenant after the other, each tenant's failure its own and named in the
 * summary, failed only when every tenant failed, as the host runs it.
 * Tenants the plugin does not work in (per the {@link PluginTenants} given) are refused before anything runs.
 */
public final class MemoryWork implements PluginWork {

    private final String pluginId;
    private final String startedBy;
    private final PluginTenants tenants;
    private final Map<String, WorkStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /**
     * @param tenants the tenants the plugin works in, or {@code null} to accept any
     */
    public MemoryWork(String pluginId, String startedBy, PluginTenants tenants) {
        this.pluginId = pluginId;
        this.startedBy = startedBy;
        this.tenants = tenants;
    }

    @Override
    public String start(String title, String tenantId, Work work) {
        String id = "work-" + ids.incrementAndGet();
        Instant started = Instant.now();
        Progress progress = new Progress();
        String state;
        String message;
        try {
            message = work.run(progress);
            state = "SUCCESS";
        } catch (ConsentRequiredException e) {
            state = "CONSENT_REQUIRED";
            message = e.getMessage();
        } catch (Exception e) {
            state = "FAILED";
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        statuses.put(id, new WorkStatus(id, pluginId, title, tenantId, startedBy, state, progress.done,
                progress.total, message, started, Instant.now()));
        return id;
    }

    @Override
    public String startEach(String title, List<String> tenantIds, TenantWork each) {
        if (tenantIds == null || tenantIds.isEmpty()) {
            throw new IllegalArgumentException("Work over tenants needs at least one tenant");
        }
        for (String tenantId : tenantIds) {
            if (tenants != null && tenants.find(tenantId).isEmpty()) {
                throw new IllegalArgumentException("Plugin " + pluginId + " does not work in tenant " + tenantId);
            }
        }
        String id = "work-" + ids.incrementAndGet();
        Instant started = Instant.now();
        Progress progress = new Progress();
        List<String> failed = new ArrayList<>();
        int done = 0;
        for (String tenantId : tenantIds) {
            try {
                each.run(tenantId, progress);
            } catch (Exception e) {
                failed.add(tenantId + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + ")");
            }
            progress.report(++done, tenantIds.size(), tenantId);
        }
        String summary = (done - failed.size()) + " of " + tenantIds.size() + " tenants done"
                + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed));
        statuses.put(id, new WorkStatus(id, pluginId, title, null, startedBy, failed.size() == tenantIds.size()
                ? "FAILED" : "SUCCESS", done, tenantIds.size(), summary, started, Instant.now()));
        return id;
    }

    @Override
    public Optional<WorkStatus> status(String workId) {
        return Optional.ofNullable(statuses.get(workId));
    }

    private static final class Progress implements JobProgress {

        private int done;
        private int total;

        @Override
        public void report(int done, int total, String message) {
            this.done = done;
            this.total = total;
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    }
}
