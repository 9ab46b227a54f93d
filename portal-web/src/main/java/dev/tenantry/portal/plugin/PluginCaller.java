package dev.tenantry.portal.plugin;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For whom, and under which portal permission, plugin code runs on this thread: set by the guard of a plugin's page
 * (the page's permission), by a tenant action (the action's permission) and carried into the work either starts. The
 * plugin's door to Microsoft checks it in each tenant a call goes to, so holding a page's permission in one tenant
 * never lets its code call Microsoft in another, and any role in a tenant is not enough.
 */
public final class PluginCaller {

    private static final ThreadLocal<Grant> CURRENT = new ThreadLocal<>();

    private PluginCaller() {
    }

    /**
     * What plugin {@code pluginId} may do for {@code user} (and their MSP {@code groups}): what {@code permission}
     * allows, in each tenant where they hold it. Where that is is read once per grant (a page view, an action, a piece
     * of work), however many tenants and calls it reaches.
     *
     * @param what the page, action or work, for the record
     */
    public record Grant(String pluginId, String user, List<String> groups, String permission, String what,
            AtomicReference<Optional<Set<String>>> reach) {

        public Grant {
            groups = List.copyOf(groups);
        }

        public static Grant of(String pluginId, String user, Collection<String> groups, String permission,
                String what) {
            return new Grant(pluginId, user, List.copyOf(groups), permission, what, new AtomicReference<>());
        }
    }

    /**
     * Refuses (audited) unless the grant on this thread lets plugin {@code pluginId} act in {@code tenantId}: its
     * holder holds its permission there. Without a grant, only the host's own work and scheduled jobs may act
     * ({@code staffBehind} false).
     */
    public static void require(AccessControl access, String pluginId, String tenantId, boolean staffBehind) {
        Grant grant = CURRENT.get();
        if (grant == null) {
            if (staffBehind) {
                throw new AccessDeniedException("Plugin " + pluginId + " acts for a member of staff outside its "
                        + "pages, actions and work");
            }
            return;
        }
        if (!grant.pluginId().equals(pluginId)) {
            throw new AccessDeniedException("Plugin " + pluginId + " acts within " + grant.what() + " of plugin "
                    + grant.pluginId());
        }
        Optional<Set<String>> reach = grant.reach().updateAndGet(known -> known != null ? known
                : access.tenantsWith(grant.user(), grant.groups(), grant.permission()));
        if (reach.isPresent() && !reach.get().contains(tenantId)) {
            // refused, and recorded as such (or allowed after all, if the tenant was tagged into reach since)
            access.require(grant.user(), grant.groups(), tenantId, grant.what(), null, grant.permission());
        }
    }

    /** The grant plugin code on this thread runs under, if any (none: the host's own work, a scheduled job). */
    public static Optional<Grant> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Runs {@code body} under {@code grant}, and puts back what was before. */
    public static <T> T as(Grant grant, Callable<T> body) throws Exception {
        Grant before = CURRENT.get();
        CURRENT.set(grant);
        try {
            return body.call();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }
}
