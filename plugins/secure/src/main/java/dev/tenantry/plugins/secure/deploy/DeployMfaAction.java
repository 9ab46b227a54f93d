package dev.tenantry.plugins.secure.deploy;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantAction;
import dev.tenantry.plugins.secure.SecureIds;
import dev.tenantry.plugins.secure.history.PostureStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * "Deploy Conditional Access MFA policy" on the tenants list: one step of the deployment in each tenant chosen. Over
 * several tenants the host runs it only once a second person approved it (the installation's cross-tenant policy).
 */
@Extension
public class DeployMfaAction implements TenantAction {

    static final String TEMPLATE = "template";
    static final String STEP = "step";
    static final String REPORT_ONLY = "report-only";
    static final String SWITCH_ON = "switch-on";

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginAudit audit;

    @HostService
    private PortalUser user;

    @Override
    public String id() {
        return SecureIds.PLUGIN + ".deploy-mfa";
    }

    @Override
    public String label() {
        return "Deploy Conditional Access MFA policy";
    }

    @Override
    public String permission() {
        return SecureIds.DEPLOY_POLICY;
    }

    @Override
    public List<ActionParameter> parameters() {
        return List.of(
                new ActionParameter(TEMPLATE, "Policy", ActionParameter.Kind.CHOICE, true,
                        List.of(PolicyTemplates.ADMIN_MFA.id(), PolicyTemplates.USER_MFA.id()),
                        "admin-mfa: MFA for every privileged administrator role; user-mfa: MFA for all users. Both "
                                + "exclude the tenant's \"Tenantry — do not modify\" group of break-glass accounts."),
                new ActionParameter(STEP, "Step", ActionParameter.Kind.CHOICE, true, List.of(REPORT_ONLY, SWITCH_ON),
                        "report-only creates the policy without enforcing it; switch-on enforces a policy Tenantry "
                                + "deployed in report-only state. Look at the preview on Secure → Deploy first."));
    }

    @Override
    public String execute(String tenantId, Map<String, String> parameters) throws Exception {
        PolicyTemplates template = PolicyTemplates.of(parameters.get(TEMPLATE)).orElseThrow(() ->
                new IllegalArgumentException("No policy template " + parameters.get(TEMPLATE)));
        PolicyDeployer deployer = new PolicyDeployer(graph, new PostureStore(records), audit, Clock.systemUTC());
        String by = user == null ? "unknown" : user.userPrincipalName();
        return switch (parameters.get(STEP)) {
            case REPORT_ONLY -> deployer.deployReportOnly(tenantId, template, by);
            case SWITCH_ON -> deployer.enforce(tenantId, template, by);
            default -> throw new IllegalArgumentException("No step " + parameters.get(STEP));
        };
    }
}
