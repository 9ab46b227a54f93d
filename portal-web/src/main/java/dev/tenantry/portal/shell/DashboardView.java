package dev.tenantry.portal.shell;

import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifest.WidgetDeclaration;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.plugin.PluginRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Comparator;
import java.util.List;

/** Backs the dashboard: the widgets of running plugins the caller may see, in order. The host lays them out. */
@Named
@RequestScoped
public class DashboardView {

    @Inject
    PluginRegistry plugins;

    @Inject
    AccessControl access;

    private List<WidgetDeclaration> widgets;

    public List<WidgetDeclaration> getWidgets() {
        if (widgets == null) {
            widgets = plugins.running().stream().map(PluginManifest::widgets).flatMap(List::stream)
                    .filter(widget -> access.callerHoldsAnywhere(widget.permission()))
                    .sorted(Comparator.comparingInt(WidgetDeclaration::order).thenComparing(WidgetDeclaration::title))
                    .toList();
        }
        return widgets;
    }
}
