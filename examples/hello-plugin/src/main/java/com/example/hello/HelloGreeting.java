package com.example.hello;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PortalUser;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The model of the Hello page ({@code #{helloGreeting}}): greets the signed-in member of staff and counts the greetings
 * of this page view (and, in the plugin's records, of all time), each one recorded in Tenantry's audit log.
 */
@Extension
@Model("helloGreeting")
public class HelloGreeting implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient PluginAudit audit;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient GraphAccess graph;

    private String organisation;

    private int greetings;

    private String auditLog;

    public String getName() {
        return user.displayName();
    }

    public String getTenant() {
        return user.selectedTenantId().orElse("");
    }

    public int getGreetings() {
        return greetings;
    }

    /** Greetings of this member of staff on any page view, kept in the plugin's records. */
    public long getAllGreetings() {
        return records.get(null, "greetings", user.userPrincipalName()).map(Long::parseLong).orElse(0L);
    }

    /** The organisation name of the tenant chosen in the top bar, once {@link #greetTenant()} read it. */
    public String getOrganisation() {
        return organisation;
    }

    /**
     * Reads the tenant's organisation name from Microsoft Graph with the scope set {@code hello.profile}. When the tenant
     * has not granted it, the {@code ConsentRequiredException} is left to the host, which shows the consent card.
     */
    public void greetTenant() throws Exception {
        String tenant = user.selectedTenantId().orElseThrow(() -> new IllegalStateException("Choose a tenant first"));
        organisation = graph.call(tenant, HelloIds.PROFILE_SCOPES,
                client -> client.organization().get().getValue().get(0).getDisplayName());
    }

    /** Whether the tenant's unified audit log is on ("on" or "off"), once {@link #checkAuditLog()} asked. */
    public String getAuditLog() {
        return auditLog;
    }

    /**
     * Asks Exchange Online (scope set {@code hello.audit}, a separate consent from Microsoft Graph's) whether unified
     * audit log ingestion is on, with the read-only cmdlet {@code Get-AdminAuditLogConfig}.
     */
    public void checkAuditLog() throws Exception {
        String tenant = user.selectedTenantId().orElseThrow(() -> new IllegalStateException("Choose a tenant first"));
        List<Map<String, Object>> config = graph.exchange(tenant, HelloIds.AUDIT_SCOPES, "Get-AdminAuditLogConfig",
                Map.of());
        auditLog = !config.isEmpty() && Boolean.TRUE.equals(config.get(0).get("UnifiedAuditLogIngestionEnabled"))
                ? "on" : "off";
    }

    public void greet() {
        greetings++;
        records.put(null, "greetings", user.userPrincipalName(), String.valueOf(getAllGreetings() + 1));
        audit.record("greet", user.selectedTenantId().orElse(null), user.userPrincipalName(),
                Map.of("greetings", String.valueOf(greetings)));
    }
}
