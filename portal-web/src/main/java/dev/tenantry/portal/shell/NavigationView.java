package dev.tenantry.portal.shell;

import dev.tenantry.plugin.api.NavigationEntry;
import dev.tenantry.portal.access.AccessControl;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Backs the navigation of {@code WEB-INF/templates/portal.xhtml}: the entries the signed-in user may open. */
@Named
@RequestScoped
public class NavigationView {

    @Inject
    PortalNavigation navigation;

    @Inject
    FacesContext faces;

    @Inject
    AccessControl access;

    @Inject
    dev.tenantry.portal.plugin.PluginRegistry plugins;

    @Inject
    dev.tenantry.portal.tenant.TenantPicker picker;

    private List<NavigationEntry> entries;

    public List<NavigationEntry> getEntries() {
        if (entries == null) {
            entries = navigation.entries(faces.getViewRoot().getLocale()).stream()
                    .filter(entry -> entry.requiredPermission().isEmpty()
                            || access.callerHoldsAnywhere(entry.requiredPermission().get()))
                    .filter(this::availableInTheSelectedTenant)
                    .toList();
        }
        return entries;
    }

    /** A plugin's tenant page is not offered in a tenant where the plugin is switched off. */
    private boolean availableInTheSelectedTenant(NavigationEntry entry) {
        String tenant = picker.getSelectedId();
        return tenant == null || plugins.page(entry.viewId())
                .filter(page -> page.page().tenantScoped())
                .map(page -> plugins.enabledFor(page.pluginId(), tenant)).orElse(true);
    }

    /**
     * The address of the entry's page: its view's action URL, as {@code h:link} would write it but without asking the
     * navigation handler whether the view exists (a resource lookup per entry, on every page).
     */
    public String href(NavigationEntry entry) {
        return faces.getExternalContext().encodeBookmarkableURL(
                faces.getApplication().getViewHandler().getActionURL(faces, entry.viewId()), java.util.Map.of());
    }

    /** Whether the entry leads to the page being rendered, so the shell can mark it. */
    public boolean isCurrent(NavigationEntry entry) {
        String viewId = faces.getViewRoot().getViewId();
        return entry.viewId().equals(viewId) || isSectionOf(entry.viewId(), viewId);
    }

    /** {@code /settings/index.xhtml} is current for every page under {@code /settings/}. */
    static boolean isSectionOf(String entryViewId, String viewId) {
        if (!entryViewId.endsWith("/index.xhtml")) {
            return false;
        }
        String section = entryViewId.substring(0, entryViewId.length() - "index.xhtml".length());
        return !section.equals("/") && viewId.startsWith(section);
    }
}
