package dev.tenantry.portal.plugin.web;

import dev.tenantry.portal.plugin.PluginHost;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;

/**
 * When a plugin's page fails (its model or view throws), the plugin is marked failed with the reason on Settings →
 * Plugins and the failure is audited; the user sees the portal's error page, and every other page goes on working.
 */
public class PluginExceptionHandlerFactory extends ExceptionHandlerFactory {

    public PluginExceptionHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new ExceptionHandlerWrapper(getWrapped().getExceptionHandler()) {
            @Override
            public void handle() {
                FacesContext context = FacesContext.getCurrentInstance();
                String viewId = context == null || context.getViewRoot() == null ? null
                        : context.getViewRoot().getViewId();
                if (viewId != null) {
                    PluginHost host = HostLookup.host();
                    host.page(viewId).ifPresent(page -> {
                        for (ExceptionQueuedEvent event : getUnhandledExceptionQueuedEvents()) {
                            host.pageFailed(page.pluginId(), viewId, event.getContext().getException());
                        }
                    });
                }
                super.handle();
            }
        };
    }
}
