package dev.tenantry.portal.plugin.web;

import dev.tenantry.portal.plugin.PluginRegistry;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.faces.application.ViewHandler;
import jakarta.faces.application.ViewHandlerWrapper;
import jakarta.faces.context.FacesContext;

/**
 * Sends the postbacks of a plugin's public page to its public address ({@code /public/<plugin-id>/…}), where
 * the public pages' servlet serves it without a session; every other view keeps Faces' own address.
 */
public class PublicPageViewHandler extends ViewHandlerWrapper {

    public PublicPageViewHandler(ViewHandler wrapped) {
        super(wrapped);
    }

    @Override
    public String getActionURL(FacesContext context, String viewId) {
        if (viewId != null && viewId.indexOf('/', 1) > 0) {
            PluginRegistry registry = CDI.current().select(PluginRegistry.class).get();
            if (registry.page(viewId).filter(page -> page.page().open()).isPresent()) {
                return context.getExternalContext().getRequestContextPath() + "/public" + viewId;
            }
        }
        return super.getActionURL(context, viewId);
    }
}
