package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import java.io.Serializable;
import java.util.Map;

/**
 * A plugin's view of the audit log: actions are prefixed with its id and attributed to the member of staff it acts for
 * (behind the request, or who started the background work), else to {@code system}.
 */
final class HostPluginAudit implements PluginAudit, Serializable {

    private static final long serialVersionUID = 1L;

    private final String pluginId;

    HostPluginAudit(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public void record(String action, String tenantId, String target, Map<String, String> details) {
        String actor = ActingUser.current().orElse("system");
        AuditEvent event = AuditEvent.of(actor, tenantId, pluginId + "." + action, target, Outcome.SUCCESS);
        for (Map.Entry<String, String> detail : details == null ? Map.<String, String>of().entrySet()
                : details.entrySet()) {
            event = event.with(detail.getKey(), detail.getValue());
        }
        HostBeans.get().audit().recordSecurityEvent(event);
    }
}
