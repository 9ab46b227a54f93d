package dev.tenantry.portal.tenant;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.web.PageMessages;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Event;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.primefaces.PrimeFaces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/** Backs {@code tenants/index.xhtml}: the lazy tenant table and the add, disable and remove actions. */
@Named
@ViewScoped
public class TenantsView implements Serializable {

    @Inject
    transient Event<TenantRowsShown> rowsShown;

    private static final long serialVersionUID = 1L;

    @Inject
    TenantDirectory directory;

    @Inject
    AccessControl access;

    private LazyDataModel<CustomerTenant> tenants;
    private String newDomain;
    private String newName;
    private List<String> newTags = new ArrayList<>();
    private String newNotes;
    private String editId;
    /** The version of the tenant the edit dialog started from: saving over someone else's change is refused. */
    private Long editVersion;
    private String editName;
    private List<String> editTags = new ArrayList<>();
    private String editNotes;

    @PostConstruct
    void init() {
        tenants = new TenantTable();
    }

    public LazyDataModel<CustomerTenant> getTenants() {
        return tenants;
    }

    /** Whether the add action is offered: {@code tenants:manage} for all tenants. The server checks again. */
    public boolean isMayAdd() {
        return access.callerTenantsWith(Permissions.TENANTS_MANAGE).isEmpty();
    }

    /** Whether the row's actions are offered: {@code tenants:manage} in that tenant. */
    public boolean mayManage(CustomerTenant tenant) {
        return access.callerPermissions(tenant.id()).contains(Permissions.TENANTS_MANAGE);
    }

    public void add() {
        try {
            CustomerTenant added = directory.add(newDomain, newName, new LinkedHashSet<>(newTags), newNotes);
            info("tenants.added", added.displayName());
            newDomain = null;
            newName = null;
            newTags = new ArrayList<>();
            newNotes = null;
        } catch (TenantException | AccessDeniedException e) {
            error("addForm:domain", e);
        }
    }

    /** Opens the edit dialog with the tenant as it is now (read again: the row may be stale). */
    public void startEdit(CustomerTenant tenant) {
        try {
            CustomerTenant current = directory.find(tenant.id());
            editId = current.id();
            editVersion = current.version();
            editName = current.displayName();
            editTags = new ArrayList<>(current.tags().stream().sorted().toList());
            editNotes = current.notes();
        } catch (TenantException | AccessDeniedException e) {
            error(null, e);
        }
    }

    public void saveEdit() {
        try {
            CustomerTenant saved = directory.update(editId, editName == null ? "" : editName,
                    new LinkedHashSet<>(editTags), editNotes == null ? "" : editNotes, editVersion);
            info("tenants.updated", saved.displayName());
        } catch (TenantException | AccessDeniedException e) {
            error("editForm:editName", e);
        }
    }

    public String getEditName() {
        return editName;
    }

    public void setEditName(String editName) {
        this.editName = editName;
    }

    public List<String> getEditTags() {
        return editTags;
    }

    public void setEditTags(List<String> editTags) {
        this.editTags = editTags == null ? new ArrayList<>() : new ArrayList<>(editTags);
    }

    public String getEditNotes() {
        return editNotes;
    }

    public void setEditNotes(String editNotes) {
        this.editNotes = editNotes;
    }

    public void disable(CustomerTenant tenant) {
        change(() -> directory.setStatus(tenant.id(), CustomerTenant.Status.DISABLED), "tenants.disabled", tenant);
    }

    public void enable(CustomerTenant tenant) {
        change(() -> directory.setStatus(tenant.id(), CustomerTenant.Status.ACTIVE), "tenants.enabled", tenant);
    }

    public void remove(CustomerTenant tenant) {
        change(() -> directory.remove(tenant.id()), "tenants.removed", tenant);
    }

    private void change(Runnable action, String message, CustomerTenant tenant) {
        try {
            action.run();
            info(message, tenant.displayName());
        } catch (TenantException | AccessDeniedException e) {
            error(null, e);
        }
    }

    private void info(String key, String name) {
        PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text(key, name));
    }

    /** Shows the refusal where it belongs: beside the field ({@code clientId}) or for the whole page (null). */
    private static void error(String clientId, RuntimeException e) {
        PageMessages.show(clientId, FacesMessage.SEVERITY_ERROR, e.getMessage());
        PrimeFaces.current().ajax().addCallbackParam("failed", true);
    }

    public String getNewDomain() {
        return newDomain;
    }

    public void setNewDomain(String newDomain) {
        this.newDomain = newDomain;
    }

    public String getNewName() {
        return newName;
    }

    public void setNewName(String newName) {
        this.newName = newName;
    }

    public List<String> getNewTags() {
        return newTags;
    }

    public void setNewTags(List<String> newTags) {
        this.newTags = newTags == null ? new ArrayList<>() : newTags;
    }

    public String getNewNotes() {
        return newNotes;
    }

    public void setNewNotes(String newNotes) {
        this.newNotes = newNotes;
    }

    /** Pages, sorts and filters on the server through {@link TenantDirectory#page}. */
    private final class TenantTable extends LazyDataModel<CustomerTenant> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) directory.page(new TenantQuery(0, 1, null, true, globalFilter(filterBy))).total();
        }

        @Override
        public List<CustomerTenant> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                Map<String, FilterMeta> filterBy) {
            SortMeta sort = sortBy.values().stream().findFirst().orElse(null);
            TenantPage page = directory.page(new TenantQuery(first, pageSize, sort == null ? null : sort.getField(),
                    sort == null || sort.getOrder() != SortOrder.DESCENDING, globalFilter(filterBy)));
            setRowCount((int) page.total());
            rowsShown.fire(new TenantRowsShown(page.tenants().stream().map(CustomerTenant::id).toList()));
            return page.tenants();
        }

        @Override
        public String getRowKey(CustomerTenant tenant) {
            return tenant.id();
        }

        @Override
        public CustomerTenant getRowData(String rowKey) {
            return getWrappedData() == null ? null : getWrappedData().stream()
                    .filter(tenant -> tenant.id().equals(rowKey)).findFirst().orElse(null);
        }

        private String globalFilter(Map<String, FilterMeta> filterBy) {
            FilterMeta global = filterBy == null ? null : filterBy.get(FilterMeta.GLOBAL_FILTER_KEY);
            return global == null || global.getFilterValue() == null ? "" : global.getFilterValue().toString();
        }
    }
}
