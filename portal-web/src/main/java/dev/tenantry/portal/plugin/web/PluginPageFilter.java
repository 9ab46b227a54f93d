package dev.tenantry.portal.plugin.web;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.plugin.PluginCaller;
import dev.tenantry.portal.plugin.PluginCaller.Grant;
import dev.tenantry.portal.plugin.PluginRegistry;
import dev.tenantry.portal.plugin.PluginRegistry.PluginPage;
import dev.tenantry.portal.tenant.TenantPicker;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The guard of every plugin page, for GETs and postbacks alike: a path under an installed plugin's folder is served
 * only when the plugin runs and declares that page, and only to a caller holding the page's permission (in the tenant
 * chosen in the top bar, for a tenant page); otherwise 404 or an audited 403. The page's code then runs under that
 * permission ({@link PluginCaller}): it reaches Microsoft only in tenants where the caller holds it.
 */
@WebFilter(filterName = "plugin-pages", urlPatterns = "*.xhtml")
public class PluginPageFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    PluginRegistry host;

    @Inject
    AccessControl access;

    @Inject
    CurrentStaff staff;

    @Inject
    TenantPicker picker;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getServletPath();
        int slash = path.indexOf('/', 1);
        if (slash < 0 || !host.ownsPath(path.substring(1, slash))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<PluginPage> page = host.page(path);
        if (page.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String user = staff.user().orElse(null);
        if (user == null) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        String permission = page.get().page().permission();
        String tenant = page.get().page().tenantScoped() ? picker.getSelectedId() : null;
        if (tenant != null && !host.enabledFor(page.get().pluginId(), tenant)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try {
            if (tenant != null) {
                access.require(user, staff.groups(), tenant, "page " + path, null, permission);
            } else {
                access.requireSomewhere(user, staff.groups(), "page " + path, null, permission);
            }
        } catch (AccessDeniedException e) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        try {
            PluginCaller.as(Grant.of(page.get().pluginId(), user, staff.groups(), permission, "page " + path), () -> {
                chain.doFilter(request, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }
}
