package dev.tenantry.portal.consent;

import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a connection records the permissions it holds across resources: Microsoft Graph's by their short names
 * ({@code User.Read.All}), another resource's qualified by its application ID URI
 * ({@code https://outlook.office365.com/Exchange.Manage}), and the OpenID Connect scopes bare — as the identity
 * provider writes them in a token response. A token for one resource replaces what is recorded for that resource only.
 */
public final class ResourcePermissions {

    static final Set<String> OPENID = Set.of("openid", "profile", "email", "offline_access");

    private ResourcePermissions() {
    }

    /** The application ID URI a resource's permissions are named with. */
    public static String uri(ScopeSet.Resource resource) {
        return switch (resource) {
            case MICROSOFT_GRAPH -> "https://graph.microsoft.com";
            case EXCHANGE_ONLINE -> "https://outlook.office365.com";
        };
    }

    /** How a permission of {@code resource} is recorded. */
    public static String recorded(ScopeSet.Resource resource, String permission) {
        return resource == ScopeSet.Resource.MICROSOFT_GRAPH ? permission : uri(resource) + "/" + permission;
    }

    /** The short names of what {@code recorded} holds of {@code resource}. */
    public static Set<String> of(Collection<String> recorded, ScopeSet.Resource resource) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        String prefix = uri(resource).toLowerCase(Locale.ROOT) + "/";
        for (String entry : recorded) {
            if (resource == ScopeSet.Resource.MICROSOFT_GRAPH) {
                if (!entry.contains("://")) {
                    names.add(entry);
                }
            } else if (entry.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                names.add(entry.substring(prefix.length()));
            }
        }
        return names;
    }

    /**
     * What a connection holds after a token: what it held of other resources, and what the token carries (the
     * resource of the token is the one its entries name; the OpenID Connect scopes name none).
     */
    public static Set<String> merged(Collection<String> held, Collection<String> token) {
        Set<String> resources = new TreeSet<>();
        token.stream().filter(entry -> !OPENID.contains(entry.toLowerCase(Locale.ROOT)))
                .forEach(entry -> resources.add(resourceOf(entry)));
        Set<String> result = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        held.stream().filter(entry -> !resources.contains(resourceOf(entry))).forEach(result::add);
        result.addAll(token);
        return result;
    }

    /** "" for Graph (and the OpenID Connect scopes), else the application ID URI an entry starts with. */
    private static String resourceOf(String entry) {
        int scheme = entry.indexOf("://");
        if (scheme < 0) {
            return "";
        }
        int slash = entry.indexOf('/', scheme + 3);
        return (slash < 0 ? entry : entry.substring(0, slash)).toLowerCase(Locale.ROOT);
    }
}
