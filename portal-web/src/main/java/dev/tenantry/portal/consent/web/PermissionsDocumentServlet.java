package dev.tenantry.portal.consent.web;

import dev.tenantry.portal.consent.PermissionsDocument;
import dev.tenantry.portal.consent.ScopeSetCatalogue;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /consent/permissions.md} and {@code .csv}: the permissions document of what is installed and running, for
 * any signed-in member of staff to hand to a customer's administrator (it holds no customer data).
 */
@WebServlet(name = "permissions-document", urlPatterns = {"/consent/permissions.md", "/consent/permissions.csv"})
public class PermissionsDocumentServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    ScopeSetCatalogue catalogue;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PermissionsDocument document = PermissionsDocument.installed(catalogue.running());
        boolean csv = request.getServletPath().endsWith(".csv");
        response.setContentType(csv ? "text/csv; charset=UTF-8" : "text/markdown; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"tenantry-permissions." + (csv ? "csv" : "md")
                + "\"");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(csv ? document.csv() : document.markdown());
    }
}
