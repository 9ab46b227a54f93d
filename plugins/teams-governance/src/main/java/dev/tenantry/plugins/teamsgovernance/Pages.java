package dev.tenantry.plugins.teamsgovernance;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** What the plugin's page models share: messages to the member of staff, and what an action came to. */
final class Pages {

    private Pages() {
    }

    /** Something the member of staff should correct; never a failure of the plugin. */
    static void error(String text) {
        add(FacesMessage.SEVERITY_ERROR, text);
    }

    static void info(String text) {
        add(FacesMessage.SEVERITY_INFO, text);
    }

    private static void add(FacesMessage.Severity severity, String text) {
        FacesContext faces = current();
        if (faces != null) {
            faces.addMessage(null, new FacesMessage(severity, text, null));
        }
    }

    /**
     * Keeps {@code value} for the rest of this request only (nothing of it reaches the view's state or the session);
     * outside a request it is not kept.
     */
    static void forThisRequest(String key, Object value) {
        FacesContext faces = current();
        if (faces != null) {
            faces.getAttributes().put(key, value);
        }
    }

    /** What {@link #forThisRequest} kept under {@code key} in this request, or null. */
    @SuppressWarnings("unchecked")
    static <T> T ofThisRequest(String key) {
        FacesContext faces = current();
        return faces == null ? null : (T) faces.getAttributes().get(key);
    }

    /** The Faces request of this thread; none outside one (a page model's unit test). */
    private static FacesContext current() {
        try {
            return FacesContext.getCurrentInstance();
        } catch (LinkageError noImplementation) {
            return null;
        }
    }
}
