package dev.tenantry.portal.plugin.web;

import dev.tenantry.portal.plugin.PluginRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Serves the pages a running plugin declares public ({@code "public": true}) at {@code /public/<plugin-id>/…}, to
 * anyone holding the address and without a Tenantry session (web.xml leaves {@code /public/*} unconstrained): a
 * customer's approver following a link the plugin signed. Any other path under {@code /public} is 404. The page is
 * handed to Faces as its view; its postbacks come back here ({@link PublicPageViewHandler}). The page decides itself
 * what the address allows; nothing of a member of staff is available to it.
 */
@WebServlet(name = "public-plugin-pages", urlPatterns = "/public/*")
public class PublicPluginPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    PluginRegistry host;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException,
            IOException {
        String view = request.getPathInfo();
        Optional<PluginRegistry.PluginPage> page = view == null || view.contains("..") ? Optional.empty()
                : host.page(view);
        if (page.isEmpty() || !page.get().page().open()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        request.getRequestDispatcher(view).forward(request, response);
    }
}
