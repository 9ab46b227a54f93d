package dev.tenantry.portal.plugin.web;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.plugin.PluginActions;
import dev.tenantry.portal.plugin.PluginRegistry;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.web.PageMessages;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant actions of running plugins on the tenants page: choose tenants, an action, fill in what it asks, run. The
 * action is offered to staff who hold its permission somewhere; {@link PluginActions} checks it in every chosen tenant,
 * and sends runs the installation's policy wants approved to a second person.
 */
@Named
@ViewScoped
public class TenantActionsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    PluginRegistry host;

    @Inject
    PluginActions actions;

    @Inject
    AccessControl access;

    /** An action as the page offers it. */
    public record Offer(String id, String label, String pluginId) implements Serializable {
    }

    /** How the run went in one tenant. */
    public record Result(String tenant, String outcome, boolean failed) implements Serializable {
    }

    private List<CustomerTenant> selected = new ArrayList<>();
    private String actionId;
    private Map<String, String> values = new HashMap<>();
    private String reason;
    private List<Result> results;
    private String approvalId;

    /** Actions of running plugins whose permission the user holds in some tenant. */
    public List<Offer> getOffered() {
        return host.actions().stream()
                .filter(action -> access.callerHoldsAnywhere(action.action().permission()))
                .map(action -> new Offer(action.action().id(), action.action().label(), action.pluginId()))
                .toList();
    }

    public List<CustomerTenant> getSelected() {
        return selected;
    }

    public void setSelected(List<CustomerTenant> selected) {
        this.selected = selected == null ? new ArrayList<>() : new ArrayList<>(selected);
    }

    public String getActionId() {
        return actionId;
    }

    public void setActionId(String actionId) {
        this.actionId = actionId;
    }

    /** Opens the form of the chosen action, empty. */
    public void prepare() {
        values = new HashMap<>();
        reason = null;
        results = null;
        approvalId = null;
        if (selected.isEmpty()) {
            PageMessages.show(null, FacesMessage.SEVERITY_WARN, PageMessages.text("tenantActions.chooseTenants"));
        }
    }

    /** The chosen action's label. */
    public String getLabel() {
        return chosen().map(action -> action.action().label()).orElse("");
    }

    /** What the chosen action asks. */
    public List<ActionParameter> getParameters() {
        return chosen().map(action -> action.action().parameters()).orElse(List.of());
    }

    public Map<String, String> getValues() {
        return values;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public List<Result> getResults() {
        return results;
    }

    public String getApprovalId() {
        return approvalId;
    }

    public String getTenantNames() {
        return String.join(", ", selected.stream().map(CustomerTenant::displayName).toList());
    }

    /** Runs the chosen action in the chosen tenants, or files it for approval. */
    public void run() {
        if (selected.isEmpty() || chosen().isEmpty()) {
            PageMessages.show(null, FacesMessage.SEVERITY_WARN, PageMessages.text("tenantActions.chooseTenants"));
            return;
        }
        try {
            PluginActions.RunOutcome outcome = actions.run(actionId,
                    selected.stream().map(CustomerTenant::id).toList(), Map.copyOf(withoutBlanks(values)), 0,
                    reason);
            if (outcome.waitsForApproval()) {
                approvalId = outcome.approval().id();
                results = null;
                PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("tenantActions.waiting"));
                return;
            }
            Map<String, String> names = new HashMap<>();
            selected.forEach(tenant -> names.put(tenant.id(), tenant.displayName()));
            results = outcome.results().entrySet().stream().map(entry -> new Result(
                    names.getOrDefault(entry.getKey(), entry.getKey()), entry.getValue(),
                    PluginActions.didNotRun(entry.getValue()))).toList();
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    private Optional<PluginRegistry.PluginTenantAction> chosen() {
        return actionId == null ? Optional.empty()
                : host.actions().stream().filter(action -> action.action().id().equals(actionId)).findFirst();
    }

    private static Map<String, String> withoutBlanks(Map<String, String> values) {
        Map<String, String> kept = new HashMap<>();
        values.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
