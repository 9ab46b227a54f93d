package dev.tenantry.portal.web;

import jakarta.faces.context.FacesContext;
import java.io.IOException;

/** The guard of a page's {@code f:viewAction}: without what it needs, the answer is 403 and nothing renders. */
public final class PageGuard {

    private PageGuard() {
    }

    /** Answers 403 with {@code reason} unless {@code allowed}. */
    public static void require(boolean allowed, String reason) throws IOException {
        if (!allowed) {
            FacesContext context = FacesContext.getCurrentInstance();
            context.getExternalContext().responseSendError(403, reason);
            context.responseComplete();
        }
    }
}
