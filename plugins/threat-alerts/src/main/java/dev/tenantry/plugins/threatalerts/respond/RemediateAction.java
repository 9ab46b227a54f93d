package dev.tenantry.plugins.threatalerts.respond;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.TenantAction;
import dev.tenantry.plugins.threatalerts.ThreatIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * "Remediate users at risk" on the tenants list: one remedy for the users named, in each tenant chosen. Over several
 * tenants (or many users) the host runs it only after a second person approved it.
 */
@Extension
public class RemediateAction implements TenantAction {

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginAudit audit;

    @Override
    public String id() {
        return ThreatIds.PLUGIN + ".remediate";
    }

    @Override
    public String label() {
        return "Remediate users at risk";
    }

    @Override
    public String permission() {
        return ThreatIds.RESPOND;
    }

    @Override
    public List<ActionParameter> parameters() {
        return List.of(new ActionParameter("remedy", "Remedy", ActionParameter.Kind.CHOICE, true,
                        Arrays.stream(Remedy.values()).map(Remedy::key).toList(),
                        "confirm-compromised and dismiss-risk change the user's risk in Entra ID Protection; "
                                + "revoke-sessions signs them out everywhere; force-password-reset makes them change "
                                + "their password at the next sign-in."),
                new ActionParameter("users", "Users (one user principal name per line)", ActionParameter.Kind.ITEMS,
                        true, List.of(), "Users not in a tenant are reported as such there."));
    }

    @Override
    public String execute(String tenantId, Map<String, String> parameters) throws Exception {
        Remedy remedy = Remedy.of(parameters.get("remedy")).orElseThrow(() -> new IllegalArgumentException(
                "No remedy " + parameters.get("remedy")));
        // The host required threat-alerts:respond in every tenant of the request before it (or its approval) ran
        Remediator remediator = new Remediator(graph, audit, any -> true);
        List<String> done = new ArrayList<>();
        for (String line : parameters.getOrDefault("users", "").split("\\R")) {
            String upn = line.strip();
            if (upn.isEmpty()) {
                continue;
            }
            String userId;
            try {
                userId = graph.call(tenantId, ThreatIds.DETECTION_SCOPES, client -> client.identityProtection()
                        .riskyUsers().get(request -> request.queryParameters.filter = "userPrincipalName eq '"
                                + upn.replace("'", "''") + "'").getValue().stream().findFirst()
                        .map(risky -> risky.getId()).orElse(null));
            } catch (com.microsoft.kiota.ApiException e) {
                userId = null;
            }
            if (userId == null) {
                done.add(upn + ": not a user at risk here");
                continue;
            }
            remediator.apply(tenantId, userId, upn, remedy, "");
            done.add(upn + ": done");
        }
        return remedy.label() + " — " + String.join("; ", done);
    }
}
