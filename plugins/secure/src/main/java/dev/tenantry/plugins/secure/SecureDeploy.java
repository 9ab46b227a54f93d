package dev.tenantry.plugins.secure;

import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyState;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.UserRegistrationDetails;
import com.microsoft.graph.models.UserRegistrationDetailsCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import dev.tenantry.plugin.api.ConsentCard;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.secure.deploy.PolicyDeployer;
import dev.tenantry.plugins.secure.deploy.PolicyPreview;
import dev.tenantry.plugins.secure.deploy.PolicyTemplates;
import dev.tenantry.plugins.secure.history.Deployment;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.posture.PostureScan;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The model of the deploy page ({@code #{secureDeploy}}): for the tenant chosen in the top bar and a template, the exact
 * policy JSON Microsoft Graph will receive, the users it reaches, and the deployment's two steps (report-only, then
 * on). Opening it the first time asks for the secure.deploy-policy scope set — only of members of staff who may deploy.
 * Several tenants at once go through the tenants list, where a second person approves.
 */
@Extension
@Model("secureDeploy")
public class SecureDeploy implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginAudit audit;

    private String template = PolicyTemplates.ADMIN_MFA.id();
    private List<PolicyPreview.Affected> affected;
    private String affectedProblem = "";
    private String notice = "";

    /** The tenant chosen in the top bar when the member of staff may deploy there; empty otherwise. */
    public String getTenant() {
        return user.selectedTenantId().filter(tenant -> user.holds(SecureIds.DEPLOY_POLICY, tenant)).orElse("");
    }

    /**
     * On opening: without the deploy scope set granted, the consent card for exactly it, coming back here.
     *
     * @return where to go instead, or null to stay
     */
    public String open() {
        String tenant = getTenant();
        if (tenant.isEmpty()) {
            return null;
        }
        ConsentStatus consent = graph.consent(tenant, SecureIds.DEPLOY_SCOPES);
        if (consent.granted()) {
            return null;
        }
        return ConsentCard.redirect(tenant, SecureIds.DEPLOY_SCOPES, "/secure/deploy.xhtml");
    }

    public List<PolicyTemplates> getTemplates() {
        return List.of(PolicyTemplates.values());
    }

    /** The policy exactly as it will be created (the group's id once Tenantry created it). */
    public String getPolicyJson() {
        String group = store().exclusionGroup(getTenant()).orElse("<id of the new group \""
                + PolicyTemplates.GROUP_NAME + "\">");
        return PolicyTemplates.json(chosen().policy(ConditionalAccessPolicyState.EnabledForReportingButNotEnforced,
                group));
    }

    /** Tenantry's policy from the chosen template in this tenant, if deployed. */
    public Optional<Deployment> getDeployment() {
        String tenant = getTenant();
        return tenant.isEmpty() ? Optional.empty() : store().deployment(tenant, template);
    }

    /** The users the policy reaches, excluded ones last. */
    public List<PolicyPreview.Affected> getAffected() {
        if (affected == null) {
            affected = readAffected();
        }
        return affected;
    }

    /** Why the users could not be listed (the registration report's permission missing, throttling); empty if they were. */
    public String getAffectedProblem() {
        getAffected();
        return affectedProblem;
    }

    public long getWithoutMfa() {
        return getAffected().stream().filter(user -> !user.excluded() && !user.mfaRegistered()).count();
    }

    /** Step one in this tenant: the policy in report-only state. */
    public void deployReportOnly() {
        step(true);
    }

    /** Step two in this tenant: the report-only policy switched on. */
    public void switchOn() {
        step(false);
    }

    private void step(boolean reportOnly) {
        String tenant = getTenant();
        if (tenant.isEmpty()) {
            Messages.error("Deploying needs the permission " + SecureIds.DEPLOY_POLICY + " in the chosen tenant");
            return;
        }
        PolicyDeployer deployer = new PolicyDeployer(graph, store(), audit, Clock.systemUTC());
        try {
            notice = reportOnly ? deployer.deployReportOnly(tenant, chosen(), user.userPrincipalName())
                    : deployer.enforce(tenant, chosen(), user.userPrincipalName());
        } catch (IllegalStateException | GraphUnavailableException | PolicyDeployer.RefusedException e) {
            Messages.error(e.getMessage());
        } catch (ApiException e) {
            Messages.error("Microsoft Graph refused the change (HTTP " + e.getResponseStatusCode() + "): "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        affected = null;
    }

    private List<PolicyPreview.Affected> readAffected() {
        String tenant = getTenant();
        affectedProblem = "";
        if (tenant.isEmpty()) {
            return List.of();
        }
        if (!graph.consent(tenant, SecureIds.POSTURE_SCOPES).granted()) {
            affectedProblem = "Listing the users needs the scope set " + SecureIds.POSTURE_SCOPES
                    + " (the registration report)";
            return List.of();
        }
        try {
            List<UserRegistrationDetails> users = graph.call(tenant, SecureIds.POSTURE_SCOPES, client -> {
                List<UserRegistrationDetails> all = new ArrayList<>();
                UserRegistrationDetailsCollectionResponse page = client.reports().authenticationMethods()
                        .userRegistrationDetails().get();
                while (page != null) {
                    all.addAll(page.getValue());
                    String next = page.getOdataNextLink();
                    page = next == null ? null : client.reports().authenticationMethods().userRegistrationDetails()
                            .withUrl(next).get();
                }
                return all;
            });
            Set<String> excluded = new HashSet<>();
            Optional<String> group = store().exclusionGroup(tenant);
            if (group.isPresent()) {
                graph.call(tenant, SecureIds.DEPLOY_SCOPES, client -> {
                    var members = client.groups().byGroupId(group.get()).members().get();
                    while (members != null) {
                        members.getValue().stream().map(DirectoryObject::getId).forEach(excluded::add);
                        String next = members.getOdataNextLink();
                        members = next == null ? null : client.groups().byGroupId(group.get()).members()
                                .withUrl(next).get();
                    }
                    return null;
                });
            }
            return PolicyPreview.affected(chosen(), users, excluded);
        } catch (ConsentRequiredException e) {
            throw e;
        } catch (ODataError e) {
            affectedProblem = e.getError() != null && PostureScan.NOT_PREMIUM.equals(e.getError().getCode())
                    ? "This tenant has no Entra ID P1: Microsoft answers neither the registration report nor "
                    + "Conditional Access without it"
                    : "The users could not be read: " + e.getMessage();
            return List.of();
        } catch (Exception e) {
            affectedProblem = "The users could not be read: " + e.getMessage();
            return List.of();
        }
    }

    private PolicyTemplates chosen() {
        return PolicyTemplates.of(template).orElse(PolicyTemplates.ADMIN_MFA);
    }

    private PostureStore store() {
        return new PostureStore(records);
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = PolicyTemplates.of(template).map(PolicyTemplates::id).orElse(PolicyTemplates.ADMIN_MFA.id());
        affected = null;
    }

    public String getNotice() {
        return notice;
    }

    /** The state Tenantry's policy has in the tenant now, read through Graph; empty when not deployed. */
    public String getLiveState() {
        Optional<Deployment> deployment = getDeployment();
        if (deployment.isEmpty()) {
            return "";
        }
        try {
            return new PolicyDeployer(graph, store(), audit, Clock.systemUTC())
                    .policy(getTenant(), deployment.get().policyId()).map(ConditionalAccessPolicy::getState)
                    .map(ConditionalAccessPolicyState::getValue).orElse("deleted in the tenant");
        } catch (ConsentRequiredException e) {
            throw e;
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
