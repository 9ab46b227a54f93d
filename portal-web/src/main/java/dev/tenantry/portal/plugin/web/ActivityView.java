package dev.tenantry.portal.plugin.web;

import dev.tenantry.plugin.api.PluginWork.WorkStatus;
import dev.tenantry.portal.plugin.PluginWorks;
import dev.tenantry.portal.web.PageMessages;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Backs {@code activity.xhtml}: the work the signed-in member of staff started, with its progress. */
@Named
@RequestScoped
public class ActivityView {

    @Inject
    PluginWorks works;

    private List<WorkStatus> mine;

    public List<WorkStatus> getWork() {
        if (mine == null) {
            mine = works.mine();
        }
        return mine;
    }

    /** Whether something is still running, so the page keeps polling. */
    public boolean isRunning() {
        return getWork().stream().anyMatch(work -> "RUNNING".equals(work.state()));
    }

    public void cancel(String id) {
        boolean asked = works.cancel(id);
        mine = null;
        PageMessages.show(null, asked ? FacesMessage.SEVERITY_INFO : FacesMessage.SEVERITY_WARN,
                PageMessages.text(asked ? "activity.cancelAsked" : "activity.notRunning"));
    }
}
