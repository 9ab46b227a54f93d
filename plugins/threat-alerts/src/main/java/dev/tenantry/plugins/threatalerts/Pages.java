package dev.tenantry.plugins.threatalerts;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.function.Supplier;

/** What the plugin's page models share: messages to the member of staff, and reads done once per request. */
final class Pages {

    private Pages() {
    }

    /** Something the member of staff should correct; never a failure of the plugin. */
    static void error(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }

    static void info(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }

    /**
     * {@code read}'s result, computed once for this request under {@code key} (a table asks for its value several
     * times while a page is drawn); outside a request, computed each time. The key must name everything the result
     * depends on that a request may change.
     */
    @SuppressWarnings("unchecked")
    static <T> T once(String key, Supplier<T> read) {
        FacesContext faces = current();
        return faces == null ? read.get() : (T) faces.getAttributes().computeIfAbsent(key, any -> read.get());
    }

    /** Forgets what {@link #once} read under every key starting with {@code prefix} in this request. */
    static void forgetStartingWith(String prefix) {
        FacesContext faces = current();
        if (faces != null) {
            faces.getAttributes().keySet().removeIf(key -> key instanceof String name && name.startsWith(prefix));
        }
    }

    /** Forgets what {@link #once} read under {@code key} in this request: an action changed it. */
    static void forget(String key) {
        FacesContext faces = current();
        if (faces != null) {
            faces.getAttributes().remove(key);
        }
    }

    /**
     * The Faces request of this thread; none outside one, and none where there is no Faces implementation at all (a
     * page model's unit test: the Faces API alone cannot answer).
     */
    private static FacesContext current() {
        try {
            return FacesContext.getCurrentInstance();
        } catch (LinkageError noImplementation) {
            return null;
        }
    }
}
