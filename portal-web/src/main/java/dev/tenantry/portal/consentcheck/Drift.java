package dev.tenantry.portal.consentcheck;

import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.consent.PermissionCoverage;
import dev.tenantry.portal.consent.ResourcePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tenant granted Tenantry against what the features working there need: per scope set what is <b>missing</b>
 * (its features are degraded), and what is granted but needed by nothing — <b>excess</b>. A granted permission that
 * covers a needed one ({@link PermissionCoverage}) is not excess; what signing in takes never is. Also lists where a
 * plugin's manifest disagrees with Microsoft about who may grant a permission, or names one Microsoft does not publish.
 *
 * @param missing     scope set id → permissions it lacks
 * @param degraded    the features of those scope sets
 * @param disagreements one sentence each
 */
public record Drift(Map<String, Set<String>> missing, Set<String> degraded, Set<String> excessDelegated,
        Set<String> excessApplication, List<String> disagreements) {

    /** What signing in an account takes; granted with every delegated connection and never excess. */
    static final Set<String> SIGN_IN = Set.of("openid", "profile", "email", "offline_access", "user.read");

    /**
     * A scope set in use in the tenant.
     *
     * @param optional asked only when someone uses it (Tenantry's own): what it holds is not excess, what it lacks
     *                 degrades nothing
     */
    public record Need(String owner, ScopeSet scopeSet, boolean optional) {
    }

    public boolean matches() {
        return missing.isEmpty() && excessDelegated.isEmpty() && excessApplication.isEmpty();
    }

    /**
     * Compares a live reading with the scope sets in use: what is missing against what the delegated connection's
     * account can use ({@code account}: its directory object id, when known), what is in excess against every grant.
     * Each resource (Microsoft Graph, Exchange Online) is compared with itself; names in the result are as connections
     * record them ({@link ResourcePermissions}).
     */
    public static Drift of(Collection<Need> needs, LiveGrants.Reading live, java.util.Optional<String> account) {
        return of(needs, live, account, pluginAccount -> java.util.Optional.empty());
    }

    /**
     * The same, where a scope set used by a plugin's own account (a service account) is compared with what that
     * account can use: the tenant-wide grant and its own.
     *
     * @param pluginAccounts a plugin account's id → its directory object id, when it signed in
     */
    public static Drift of(Collection<Need> needs, LiveGrants.Reading live, java.util.Optional<String> account,
            java.util.function.Function<String, java.util.Optional<String>> pluginAccounts) {
        Set<String> delegated = live.delegatedFor(account);
        Set<String> application = live.application();
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        Set<String> degraded = new TreeSet<>();
        Map<ScopeSet.Resource, List<String>> neededDelegated = new java.util.EnumMap<>(ScopeSet.Resource.class);
        Map<ScopeSet.Resource, List<String>> neededApplication = new java.util.EnumMap<>(ScopeSet.Resource.class);
        List<String> disagreements = new ArrayList<>();
        Set<String> flagged = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Need need : needs) {
            ScopeSet set = need.scopeSet();
            ScopeSet.Resource resource = set.resource();
            boolean app = set.connection() == ScopeSet.Connection.APPLICATION;
            List<String> asked = set.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
            (app ? neededApplication : neededDelegated).computeIfAbsent(resource, key -> new ArrayList<>())
                    .addAll(asked);
            Set<String> usable = app ? application : !set.byPluginAccount() ? delegated
                    : pluginAccounts.apply(set.account()).map(id -> live.delegatedFor(java.util.Optional.of(id)))
                            .orElseGet(live::tenantWide);
            Set<String> lacking = PermissionCoverage.missing(ResourcePermissions.of(usable, resource), asked);
            if (!lacking.isEmpty() && !need.optional()) {
                Set<String> named = new java.util.LinkedHashSet<>();
                lacking.forEach(permission -> named.add(ResourcePermissions.recorded(resource, permission)));
                missing.put(set.id(), named);
                degraded.addAll(set.features());
            }
            for (ScopeSet.MicrosoftPermission permission : set.permissions()) {
                String recorded = ResourcePermissions.recorded(resource, permission.name());
                if (!flagged.add(need.owner() + (app ? " application " : " delegated ") + recorded)) {
                    continue;
                }
                String where = resource == ScopeSet.Resource.MICROSOFT_GRAPH ? "Microsoft Graph" : "Exchange Online";
                if (app && !live.applicationRoles().contains(recorded)) {
                    disagreements.add(need.owner() + " asks for application permission " + permission.name()
                            + ", which " + where + " does not publish in this tenant");
                } else if (!app) {
                    Boolean adminOnly = live.adminOnly().get(recorded.toLowerCase(Locale.ROOT));
                    if (adminOnly == null) {
                        disagreements.add(need.owner() + " asks for delegated permission " + permission.name()
                                + ", which " + where + " does not publish in this tenant");
                    } else if (adminOnly != permission.adminConsentRequired()) {
                        disagreements.add(need.owner() + " declares " + permission.name() + (permission
                                .adminConsentRequired() ? " as needing" : " as not needing") + " an administrator's "
                                + "consent; Microsoft says " + (adminOnly ? "only an administrator can grant it"
                                        : "users can grant it themselves"));
                    }
                }
            }
        }
        return new Drift(missing, degraded, excess(live.delegated(), neededDelegated, true),
                excess(application, neededApplication, false), List.copyOf(disagreements));
    }

    /** Granted permissions (recorded names) that cover nothing needed of their resource. */
    private static Set<String> excess(Set<String> granted, Map<ScopeSet.Resource, List<String>> needed,
            boolean delegated) {
        Set<String> excess = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ScopeSet.Resource resource : ScopeSet.Resource.values()) {
            List<String> wanted = needed.getOrDefault(resource, List.of());
            for (String name : ResourcePermissions.of(granted, resource)) {
                boolean signIn = delegated && resource == ScopeSet.Resource.MICROSOFT_GRAPH
                        && SIGN_IN.contains(name.toLowerCase(Locale.ROOT));
                if (!signIn && !coversAny(name, wanted)) {
                    excess.add(ResourcePermissions.recorded(resource, name));
                }
            }
        }
        return excess;
    }

    private static boolean coversAny(String granted, List<String> needed) {
        for (String need : needed) {
            if (PermissionCoverage.covers(List.of(granted), need)) {
                return true;
            }
        }
        return false;
    }
}
