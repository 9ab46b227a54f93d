package dev.tenantry.plugin.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Long work a member of staff starts from a plugin's page (a bulk change, an export, a scan on demand): it runs in the
 * background on the server's managed threads, the page returns at once, and its progress is kept where both the
 * plugin's page ({@link #status}) and the portal's Activity page show it, also after the user left the page. The user
 * can cancel it; the work learns so through {@link JobProgress#cancelled()}.
 */
public interface PluginWork {

    /**
     * Starts work for the signed-in member of staff.
     *
     * @param title    what it does, for the Activity page ("Reset passwords of 40 users")
     * @param tenantId the tenant it works in, or {@code null} for work across tenants
     * @param work     the work; its {@link HostService} fields are not filled, so capture what it needs
     * @return the work's id
     * @throws IllegalStateException when nobody is signed in (start work from a page or an action)
     */
    String start(String title, String tenantId, Work work);

    /**
     * Starts work over several tenants for the signed-in member of staff (a scan of the fleet, a change in each
     * tenant): the host runs {@code each} once per tenant on its managed threads, a few tenants at once, and counts
     * tenants as steps. One tenant's failure (throttling, revoked consent, an exception) is recorded as that tenant's
     * outcome and never stops the others; the summary says how many succeeded and names the tenants that failed.
     * Tenants the plugin does not work in, or where the member of staff holds no role, are refused before anything
     * starts.
     *
     * @param title   what it does, for the Activity page
     * @param tenants the tenants, in the order to start them
     * @param each    the work in one tenant; returns a one-line outcome for that tenant
     * @return the work's id
     * @throws IllegalArgumentException when there are no tenants, or one the plugin does not work in
     * @since 1.1.0
     */
    String startEach(String title, List<String> tenants, TenantWork each);

    /** How far work of this plugin has got. */
    Optional<WorkStatus> status(String workId);

    /** The work itself. */
    @FunctionalInterface
    interface Work {

        /**
         * Does the work, reporting progress; returns a one-line summary of what was done.
         *
         * @throws Exception when it cannot finish; the message is shown as the reason
         */
        String run(JobProgress progress) throws Exception;
    }

    /** Work in one tenant, part of {@link #startEach}. */
    @FunctionalInterface
    interface TenantWork {

        /**
         * Does the work in one tenant; returns a one-line outcome. {@code progress} tells whether to stop.
         *
         * @throws Exception when it cannot finish in this tenant; the message is that tenant's outcome
         */
        String run(String tenantId, JobProgress progress) throws Exception;
    }

    /**
     * Work as its owner sees it.
     *
     * @param state   RUNNING, SUCCESS, FAILED, CANCELLED, or CONSENT_REQUIRED (a scope set the work needs is not
     *                granted)
     * @param done    steps done
     * @param total   steps in all; 0 when not known
     * @param message the last progress message, then the summary or the reason it failed
     */
    record WorkStatus(String id, String pluginId, String title, String tenantId, String startedBy, String state,
            int done, int total, String message, Instant startedAt, Instant finishedAt) {

        /** Percent done, 0–100; 0 while the total is not known. */
        public int percent() {
            return total <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * done / total));
        }
    }
}
