package dev.tenantry.portal.signin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** Ending a signed-in session: the caller forgotten by the container and the session gone with its attributes. */
final class Sessions {

    private Sessions() {
    }

    static void end(HttpServletRequest request) throws ServletException {
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
