package dev.tenantry.portal.notify.web;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.notify.Delivery;
import dev.tenantry.portal.notify.Notifications;
import dev.tenantry.portal.web.PageMessages;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/** Backs {@code settings/notifications.xhtml}: the delivery log, filtered by state, with "send again". */
@Named
@ViewScoped
public class NotificationsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Notifications notifications;

    @Inject
    AccessControl access;

    private String state;
    private final LazyDataModel<Delivery> deliveries = new DeliveryTable();

    public boolean isMayManage() {
        return access.callerPermissions(null).contains(Permissions.PLUGINS_MANAGE);
    }

    /** The page's guard: without {@code plugins:manage} the answer is 403. */
    public void requireManage() throws IOException {
        dev.tenantry.portal.web.PageGuard.require(isMayManage(), "plugins:manage needed");
    }

    public LazyDataModel<Delivery> getDeliveries() {
        return deliveries;
    }

    public boolean isMailConfigured() {
        return notifications.mailConfigured();
    }

    public List<String> getStates() {
        return List.of("QUEUED", "SENDING", "SENT", "RETRYING", "HELD", "FAILED");
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state == null || state.isBlank() ? null : state;
    }

    public void retry(String id) {
        if (notifications.retry(id)) {
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("notifications.retried"));
        } else {
            PageMessages.show(null, FacesMessage.SEVERITY_WARN, PageMessages.text("notifications.notRetried"));
        }
    }

    private final class DeliveryTable extends LazyDataModel<Delivery> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return notifications.logSize(null, state);
        }

        @Override
        public List<Delivery> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                Map<String, FilterMeta> filterBy) {
            setRowCount(notifications.logSize(null, state));
            return notifications.log(null, state, first, pageSize);
        }

        @Override
        public String getRowKey(Delivery delivery) {
            return delivery.id();
        }

        @Override
        public Delivery getRowData(String rowKey) {
            return getWrappedData() == null ? null : getWrappedData().stream()
                    .filter(delivery -> delivery.id().equals(rowKey)).findFirst().orElse(null);
        }
    }
}
