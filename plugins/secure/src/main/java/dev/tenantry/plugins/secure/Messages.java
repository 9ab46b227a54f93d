package dev.tenantry.plugins.secure;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Messages the plugin's pages show the member of staff (what to correct), never failures of the plugin. */
final class Messages {

    private Messages() {
    }

    static void error(String text) {
        FacesContext.getCurrentInstance().addMessage(null,
                new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }
}
