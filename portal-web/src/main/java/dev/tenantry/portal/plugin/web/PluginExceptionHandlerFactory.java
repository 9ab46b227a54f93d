package dev.tenantry.portal.plugin.web;

import dev.tenantry.plugin.api.ConsentCard;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.portal.web.ConcurrentChange;
import dev.tenantry.portal.web.DatabaseOutage;
import jakarta.faces.FacesException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What happens when a plugin's page throws. A {@link ConsentRequiredException} is not a failure: the user is taken to
 * the consent card for exactly that tenant and scope set, with the way back. A {@link GraphUnavailableException}
 * (Microsoft throttling or out of service) is shown as an error but does not count against the plugin. Anything else
 * marks the plugin failed with the reason on Settings → Plugins and is audited; the user sees the portal's error page,
 * and every other page goes on working. On any page, host's or plugin's, a change refused because someone else changed
 * the same row at the same moment ({@link ConcurrentChange}) is shown as a message on the page, not as an error.
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
                Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
                while (events.hasNext()) {
                    Throwable failure = events.next().getContext().getException();
                    Optional<ConsentRequiredException> consent = cause(failure, ConsentRequiredException.class);
                    if (consent.isPresent() && context != null) {
                        events.remove();
                        showConsentCard(context, consent.get(), viewId);
                        continue;
                    }
                    if (context != null && ConcurrentChange.causedBy(failure)) {
                        events.remove();
                        showConcurrentChange(context);
                        continue;
                    }
                    if (viewId != null && cause(failure, GraphUnavailableException.class).isEmpty()
                            && !DatabaseOutage.causedBy(failure)) {
                        HostLookup.host().page(viewId).ifPresent(page -> HostLookup.lifecycle().pageFailed(
                                page.pluginId(), viewId, failure));
                    }
                }
                super.handle();
            }
        };
    }

    /**
     * The page to come back to after consent, with its view parameters (an incident page's tenant and id), so the
     * user lands on the same thing; the bare view when they cannot be had.
     */
    static String returnPath(FacesContext context, String viewId) {
        try {
            String url = context.getApplication().getViewHandler().getBookmarkableURL(context, viewId, Map.of(), true);
            String base = context.getExternalContext().getRequestContextPath();
            String path = url.startsWith(base) ? url.substring(base.length()) : url;
            return dev.tenantry.portal.consent.ReturnPaths.safe(path) != null ? path : viewId;
        } catch (RuntimeException e) {
            return viewId;
        }
    }

    /**
     * A change refused because someone else changed the same thing at the same moment is not a failure of the page:
     * the page is shown again with the message (also after an AJAX action, whatever it meant to update).
     */
    private static void showConcurrentChange(FacesContext context) {
        context.addMessage(null, new jakarta.faces.application.FacesMessage(
                jakarta.faces.application.FacesMessage.SEVERITY_WARN, ConcurrentChange.MESSAGE, null));
        if (context.getPartialViewContext().isAjaxRequest()) {
            context.getPartialViewContext().getRenderIds().add("messages");
        }
        context.renderResponse();
    }

    private static void showConsentCard(FacesContext context, ConsentRequiredException consent, String viewId) {
        ExternalContext external = context.getExternalContext();
        String from = viewId == null ? null : returnPath(context, viewId);
        try {
            external.redirect(external.getRequestContextPath()
                    + ConsentCard.path(consent.tenantId(), consent.scopeSetId(), from));
            context.responseComplete();
        } catch (IOException | IllegalStateException e) {
            throw new FacesException("Cannot show the consent card for " + consent.scopeSetId(), e);
        }
    }

    private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
