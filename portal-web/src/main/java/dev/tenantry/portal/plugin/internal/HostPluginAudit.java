package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.CurrentStaff;
import jakarta.enterprise.inject.spi.CDI;
import java.io.Serializable;
import java.util.Map;

/** A plugin's view of the audit log: actions are prefixed with its id and attributed to the current user. */
final class HostPluginAudit implements PluginAudit, Serializable {

    private static final long serialVersionUID = 1L;

    private final String pluginId;
    private final transient AuditLog audit;

    HostPluginAudit(String pluginId, AuditLog audit) {
        this.pluginId = pluginId;
        this.audit = audit;
    }

    @Override
    public void record(String action, String tenantId, String target, Map<String, String> details) {
        String actor;
        try {
            actor = CDI.current().select(CurrentStaff.class).get().user().orElse("system");
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            actor = "system";
        }
        AuditEvent event = AuditEvent.of(actor, tenantId, pluginId + "." + action, target, Outcome.SUCCESS);
        for (Map.Entry<String, String> detail : details == null ? Map.<String, String>of().entrySet()
                : details.entrySet()) {
            event = event.with(detail.getKey(), detail.getValue());
        }
        (audit == null ? CDI.current().select(AuditLog.class).get() : audit).recordSecurityEvent(event);
    }
}
