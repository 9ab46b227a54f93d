package dev.tenantry.portal.plugin.web;

import dev.tenantry.plugin.api.Model;
import dev.tenantry.portal.plugin.PluginRegistry;
import dev.tenantry.portal.plugin.PluginRegistry.ModelType;
import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.faces.context.FacesContext;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge from EL to plugin page models: {@code #{helloGreeting}} finds the running plugin that offers a model of
 * that name and keeps one in the view (across postbacks) or the request, as the model asks. A model that comes back
 * from the view state gets its host services again; in the view map it is kept in a {@link PluginModelHolder}, so that
 * a serialised session brings it back through its plugin's class loader.
 */
public class PluginModelResolver extends ELResolver {

    private static final String PREFIX = "tenantry.plugin.model.";
    /** {@code #{pluginMessages['hello']['hello.title']}}: the texts of a running plugin, in the view's locale. */
    public static final String MESSAGES = "pluginMessages";

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base != null || !(property instanceof String name)) {
            return null;
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        if (faces == null) {
            return null;
        }
        if (MESSAGES.equals(name)) {
            context.setPropertyResolved(true);
            return new PluginMessages(host(), faces.getViewRoot() == null ? java.util.Locale.ENGLISH
                    : faces.getViewRoot().getLocale());
        }
        Optional<ModelType> model = host().model(name);
        if (model.isEmpty()) {
            return null;
        }
        Map<String, Object> scope = model.get().scope() == Model.Scope.VIEW && faces.getViewRoot() != null
                ? faces.getViewRoot().getViewMap() : faces.getExternalContext().getRequestMap();
        Object kept = scope.get(PREFIX + name);
        Object instance = kept instanceof PluginModelHolder holder ? holder.model() : null;
        if (instance == null || instance.getClass() != model.get().type()) {
            instance = host().create(model.get().type());
            scope.put(PREFIX + name, new PluginModelHolder(model.get().pluginId(), instance));
        } else {
            host().refill(instance);
        }
        context.setPropertyResolved(true);
        return instance;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // Plugin models are created by the host, never assigned from a page.
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        if (base == null && property instanceof String name && host().model(name).isPresent()) {
            context.setPropertyResolved(true);
            return true;
        }
        return false;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return base == null ? String.class : null;
    }

    private static PluginRegistry host() {
        return HostLookup.host();
    }
}
