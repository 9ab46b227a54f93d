package dev.tenantry.plugin.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the portal's left navigation: a page the host links to. The host lays entries out, orders them by
 * {@link #order()} then label, marks the current one and hides those whose {@link #requiredPermission()} the signed-in
 * user lacks.
 *
 * @param id                 stable identifier, lower-case words separated by dots or dashes (e.g. {@code secure.posture})
 * @param label              text shown to the user, already localised
 * @param viewId             Facelets view the entry opens, absolute within the portal (e.g. {@code /secure/posture.xhtml})
 * @param icon               PrimeIcons class (e.g. {@code pi pi-shield}); blank for none
 * @param order              position among entries; lower comes first
 * @param requiredPermission portal permission ({@code <area>:<verb>}) needed to see the entry; empty when every
 *                           signed-in user may
 */
public record NavigationEntry(String id, String label, String viewId, String icon, int order,
        Optional<String> requiredPermission) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");
    private static final Pattern PERMISSION = Pattern.compile("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*");

    /** Validates the entry so a malformed contribution fails where it is declared, not when the page renders. */
    public NavigationEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(viewId, "viewId");
        Objects.requireNonNull(requiredPermission, "requiredPermission");
        icon = icon == null ? "" : icon.strip();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Navigation entry id '" + id
                    + "' must be lower-case words separated by dots or dashes");
        }
        if (label.isBlank()) {
            throw new IllegalArgumentException("Navigation entry '" + id + "' needs a label");
        }
        if (!viewId.startsWith("/") || !viewId.endsWith(".xhtml") || viewId.contains("..")) {
            throw new IllegalArgumentException("Navigation entry '" + id
                    + "' must point at an absolute .xhtml view inside the portal, not '" + viewId + "'");
        }
        requiredPermission.ifPresent(permission -> {
            if (!PERMISSION.matcher(permission).matches()) {
                throw new IllegalArgumentException("Navigation entry '" + id + "' names permission '" + permission
                        + "', which is not of the form <area>:<verb>");
            }
        });
    }

    /** An entry every signed-in user may see. */
    public static NavigationEntry of(String id, String label, String viewId, String icon, int order) {
        return new NavigationEntry(id, label, viewId, icon, order, Optional.empty());
    }

    /** This entry, visible only to users holding {@code permission}. */
    public NavigationEntry requiring(String permission) {
        return new NavigationEntry(id, label, viewId, icon, order, Optional.of(permission));
    }
}
