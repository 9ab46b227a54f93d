package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifest.RoleDeclaration;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.api.manifest.ScopeSet.MicrosoftPermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an upgrade changes in what a plugin asks for: scope sets (and each Microsoft permission in them), portal
 * permissions and roles. Any such change means the upgrade waits for a new review.
 */
public final class ManifestDiff {

    private ManifestDiff() {
    }

    /** The changes from {@code approved} to {@code found}, in words; empty when it asks for the same. */
    public static List<String> between(PluginManifest approved, PluginManifest found) {
        List<String> changes = new ArrayList<>();
        Map<String, ScopeSet> before = byId(approved.scopeSets(), ScopeSet::id);
        Map<String, ScopeSet> after = byId(found.scopeSets(), ScopeSet::id);
        for (String id : union(before.keySet(), after.keySet())) {
            ScopeSet old = before.get(id);
            ScopeSet now = after.get(id);
            if (old == null) {
                changes.add("New scope set " + id + " (" + now.resource().key() + ", " + now.connection().name()
                        .toLowerCase(java.util.Locale.ROOT) + "): " + names(now.permissions()));
            } else if (now == null) {
                changes.add("Scope set " + id + " is no longer asked for");
            } else {
                permissionChanges(id, old, now, changes);
            }
        }
        Set<String> oldPermissions = approved.permissions().stream().map(PluginManifest.PortalPermission::id)
                .collect(Collectors.toSet());
        found.permissions().stream().map(PluginManifest.PortalPermission::id).filter(p -> !oldPermissions.contains(p))
                .sorted().forEach(p -> changes.add("New portal permission " + p));
        Map<String, RoleDeclaration> oldRoles = byId(approved.roles(), RoleDeclaration::id);
        Map<String, RoleDeclaration> newRoles = byId(found.roles(), RoleDeclaration::id);
        for (String id : union(oldRoles.keySet(), newRoles.keySet())) {
            RoleDeclaration old = oldRoles.get(id);
            RoleDeclaration now = newRoles.get(id);
            if (old == null) {
                changes.add("New role " + now.name() + " (" + id + "): " + String.join(", ", now.permissions()));
            } else if (now == null) {
                changes.add("Role " + old.name() + " (" + id + ") is removed");
            } else if (!Set.copyOf(old.permissions()).equals(Set.copyOf(now.permissions()))) {
                changes.add("Role " + now.name() + " now holds " + String.join(", ", new TreeSet<>(now.permissions()))
                        + " (was " + String.join(", ", new TreeSet<>(old.permissions())) + ")");
            }
        }
        Set<String> oldAccounts = approved.accounts().stream().map(PluginManifest.AccountDeclaration::id)
                .collect(Collectors.toSet());
        found.accounts().stream().filter(account -> !oldAccounts.contains(account.id())).forEach(account -> changes.add(
                "New account " + account.name() + " (" + account.id() + "), signed in by holders of "
                        + account.permission()));
        Set<String> oldPublic = approved.pages().stream().filter(PluginManifest.PageDeclaration::open)
                .map(PluginManifest.PageDeclaration::view).collect(Collectors.toSet());
        found.pages().stream().filter(PluginManifest.PageDeclaration::open).map(PluginManifest.PageDeclaration::view)
                .filter(view -> !oldPublic.contains(view)).sorted().forEach(view -> changes.add(
                        "New public page " + view + ", served without a Tenantry session"));
        return changes;
    }

    private static void permissionChanges(String id, ScopeSet old, ScopeSet now, List<String> changes) {
        if (old.resource() != now.resource() || old.connection() != now.connection()) {
            changes.add("Scope set " + id + " moves to " + now.resource().key() + ", " + now.connection());
        }
        if (!old.account().equals(now.account())) {
            changes.add("Scope set " + id + " is now used by " + (now.account().isEmpty()
                    ? "the tenant's integration account" : "the plugin's account " + now.account()));
        }
        Map<String, MicrosoftPermission> before = byId(old.permissions(), MicrosoftPermission::name);
        Map<String, MicrosoftPermission> after = byId(now.permissions(), MicrosoftPermission::name);
        for (String name : union(before.keySet(), after.keySet())) {
            MicrosoftPermission was = before.get(name);
            MicrosoftPermission is = after.get(name);
            if (was == null) {
                changes.add("Scope set " + id + " adds " + name + (is.adminConsentRequired() ? " (admin consent)" : ""));
            } else if (is == null) {
                changes.add("Scope set " + id + " no longer asks for " + name);
            } else if (was.adminConsentRequired() != is.adminConsentRequired()
                    || !Objects.equals(was.justification(), is.justification())) {
                changes.add("Scope set " + id + " changes how it asks for " + name);
            }
        }
        Set<String> ran = cmdlets(old.cmdlets());
        Set<String> runs = cmdlets(now.cmdlets());
        Set<String> added = cmdlets(runs);
        added.removeAll(ran);
        Set<String> dropped = cmdlets(ran);
        dropped.removeAll(runs);
        if (!added.isEmpty()) {
            changes.add("Scope set " + id + " may now run " + String.join(", ", added));
        }
        if (!dropped.isEmpty()) {
            changes.add("Scope set " + id + " no longer runs " + String.join(", ", dropped));
        }
    }

    /** Exchange cmdlet names compare without case, as Exchange does. */
    private static Set<String> cmdlets(java.util.Collection<String> cmdlets) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(cmdlets);
        return names;
    }

    private static String names(List<MicrosoftPermission> permissions) {
        return permissions.stream().map(MicrosoftPermission::name).collect(Collectors.joining(", "));
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
