package dev.tenantry.portal.consent;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whether permissions a tenant granted already cover one asked for, so that nobody is asked for a narrower permission
 * than they hold. Microsoft names its permissions {@code <Resource>.<Access>[.<Qualifier>]}; a grant covers a request
 * when it is the same permission, or the same resource and qualifier with broader access:
 * {@code ReadWrite} covers {@code Read} ({@code User.ReadWrite.All} covers {@code User.Read.All},
 * {@code Mail.ReadWrite} covers {@code Mail.Read}), and {@code ReadWrite} and {@code Read} cover their
 * {@code ReadBasic} ({@code User.Read.All} covers {@code User.ReadBasic.All}). Nothing else is assumed: a tenant-wide
 * permission does not stand in for a signed-in user's one ({@code User.Read.All} is not {@code User.Read}).
 */
public final class PermissionCoverage {

    private PermissionCoverage() {
    }

    /** Whether {@code granted} covers {@code asked}. */
    public static boolean covers(Collection<String> granted, String asked) {
        for (String held : granted) {
            if (held.equalsIgnoreCase(asked) || broader(held, asked)) {
                return true;
            }
        }
        return false;
    }

    /** What of {@code asked} is not covered by {@code granted}, in the order asked. */
    public static Set<String> missing(Collection<String> granted, Collection<String> asked) {
        Set<String> missing = new LinkedHashSet<>();
        for (String permission : asked) {
            if (!covers(granted, permission)) {
                missing.add(permission);
            }
        }
        return missing;
    }

    private static boolean broader(String held, String asked) {
        String[] h = held.split("\\.", 3);
        String[] a = asked.split("\\.", 3);
        if (h.length < 2 || a.length < 2 || !h[0].equalsIgnoreCase(a[0])) {
            return false;
        }
        String heldQualifier = h.length == 3 ? h[2] : "";
        String askedQualifier = a.length == 3 ? a[2] : "";
        if (!heldQualifier.equalsIgnoreCase(askedQualifier)) {
            return false;
        }
        return rank(h[1]) > rank(a[1]) && rank(a[1]) > 0;
    }

    /** How much an access level allows: ReadBasic < Read < ReadWrite; 0 for anything else (not comparable). */
    private static int rank(String access) {
        return switch (access.toLowerCase(Locale.ROOT)) {
            case "readbasic" -> 1;
            case "read" -> 2;
            case "readwrite" -> 3;
            default -> 0;
        };
    }
}
