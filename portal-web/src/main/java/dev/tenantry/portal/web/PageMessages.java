package dev.tenantry.portal.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** What backing beans say to the user: text from the {@code msg} bundle, and messages for the page's growl. */
public final class PageMessages {

    private PageMessages() {
    }

    /** The bundle text for {@code key} with {@code {0}}, {@code {1}}, … replaced by the arguments, as written. */
    public static String text(String key, Object... arguments) {
        FacesContext faces = FacesContext.getCurrentInstance();
        String text = faces.getApplication().getResourceBundle(faces, "msg").getString(key);
        for (int i = 0; i < arguments.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
        }
        return text;
    }

    /** Shows a message for the component {@code clientId}, or the whole page for null. */
    public static void show(String clientId, FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(clientId, new FacesMessage(severity, text, null));
    }
}
