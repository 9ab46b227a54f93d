package dev.tenantry.plugin.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The address of the host's consent card: the page that says what a scope set asks of a tenant and why, offers to
 * grant what is missing, and sends the user back to where they were. The one place that address is written, for the
 * host and for plugins.
 *
 * <p>In a page, the host offers it with the portal's context path as the Facelets function {@code tenantry:consentCard}
 * (namespace {@value #TAGLIB}), for an {@code h:outputLink} (not an {@code h:link} outcome, whose query Faces would
 * encode twice):
 *
 * <pre>{@code <h:outputLink value="#{tenantry:consentCard(model.tenant, 'hello.read', '/hello/index.xhtml')}">Grant</h:outputLink>}</pre>
 *
 * <p>A page's Graph call that lacks consent needs none of this: its {@link ConsentRequiredException} shows the card.
 *
 * @since 1.3.0
 */
public final class ConsentCard {

    /** The card's view, inside the portal. */
    public static final String VIEW = "/consent/required.xhtml";

    /** The Facelets namespace of the host's functions ({@code xmlns:tenantry}). */
    public static final String TAGLIB = "https://tenantry.dev/jsf/plugin";

    private ConsentCard() {
    }

    /**
     * The card for {@code scopeSetId} in {@code tenantId}, returning to {@code returnPath} (a path inside the portal,
     * with its query); a {@code null} or empty argument is left out.
     */
    public static String path(String tenantId, String scopeSetId, String returnPath) {
        StringBuilder path = new StringBuilder(VIEW);
        append(path, "tenant", tenantId);
        append(path, "scopeSet", scopeSetId);
        append(path, "from", returnPath);
        return path.toString();
    }

    /** {@link #path} as the outcome of an action method: the browser is redirected to the card. */
    public static String redirect(String tenantId, String scopeSetId, String returnPath) {
        String path = path(tenantId, scopeSetId, returnPath);
        return path + (path.contains("?") ? "&" : "?") + "faces-redirect=true";
    }

    private static void append(StringBuilder path, String name, String value) {
        if (value != null && !value.isEmpty()) {
            path.append(path.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
