package dev.tenantry.portal.web;

import dev.tenantry.plugin.api.ConsentCard;
import jakarta.faces.context.FacesContext;

/**
 * The host's Facelets functions for every page, its own and plugins' ({@code xmlns:tenantry}, declared in
 * {@code WEB-INF/tenantry.taglib.xml}): addresses to put in {@code h:outputLink}. An {@code h:link} outcome cannot
 * carry them, as Faces encodes an outcome's query once more and a way back with its own query would arrive garbled.
 */
public final class PageFunctions {

    private PageFunctions() {
    }

    /** The consent card of a scope set in a tenant, returning to a path of the portal; see {@link ConsentCard}. */
    public static String consentCard(String tenantId, String scopeSetId, String returnPath) {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath()
                + ConsentCard.path(tenantId, scopeSetId, returnPath);
    }
}
