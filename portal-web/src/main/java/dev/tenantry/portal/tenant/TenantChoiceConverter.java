package dev.tenantry.portal.tenant;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.convert.Converter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * A tenant in the top bar's picker, sent to the browser as its id and read back only if the caller may read it: an id
 * typed into the request by hand selects nothing.
 */
@Named
@ApplicationScoped
public class TenantChoiceConverter implements Converter<CustomerTenant> {

    @Inject
    TenantPicker picker;

    @Override
    public CustomerTenant getAsObject(FacesContext context, UIComponent component, String value) {
        return picker.readable(value);
    }

    @Override
    public String getAsString(FacesContext context, UIComponent component, CustomerTenant tenant) {
        return tenant == null ? "" : tenant.id();
    }
}
