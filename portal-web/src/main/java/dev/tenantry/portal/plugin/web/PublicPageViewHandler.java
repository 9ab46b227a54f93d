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
        int slash = viewId == null ? -1 : viewId.indexOf('/', 1);
        if (slash > 0) {
            PluginRegistry registry = CDI.current().select(PluginRegistry.class).get();
            // Only a plugin's views are looked for among its pages: the portal's own keep Faces' address at once
            if (registry.ownsPath(viewId.substring(1, slash))
                    && registry.page(viewId).filter(page -> page.page().open()).isPresent()) {
                return context.getExternalContext().getRequestContextPath() + "/public" + viewId;
            }
        }
        return super.getActionURL(context, viewId);
    }
}
