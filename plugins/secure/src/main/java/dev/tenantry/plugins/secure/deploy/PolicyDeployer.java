package dev.tenantry.plugins.secure.deploy;

import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyState;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugins.secure.SecureIds;
import dev.tenantry.plugins.secure.history.Deployment;
import dev.tenantry.plugins.secure.history.PostureStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys Tenantry's Conditional Access MFA policies into one tenant, in two steps a person takes one after the other:
 * first the policy is created in report-only state, excluding the tenant's "Tenantry — do not modify" group (created
 * on first use); then, once its report-only results were looked at, it is switched on. Nothing else in the tenant is
 * changed: no other policy is read for writing, edited or removed. Each step is audited with the policy's id; a step
 * that finds its work done says so and changes nothing. Every call uses the secure.deploy-policy scope set; a step
 * Microsoft refuses with 403 ends in {@link RefusedException}.
 */
public final class PolicyDeployer {

    static final String REPORT_ONLY = ConditionalAccessPolicyState.EnabledForReportingButNotEnforced.getValue();
    static final String ENABLED = ConditionalAccessPolicyState.Enabled.getValue();

    private final GraphAccess graph;
    private final PostureStore store;
    private final PluginAudit audit;
    private final Clock clock;

    public PolicyDeployer(GraphAccess graph, PostureStore store, PluginAudit audit, Clock clock) {
        this.graph = graph;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Microsoft refused a step with HTTP 403. The scope set was granted (the host asks for consent before a call
     * otherwise), so the tenant's integration account lacks a directory role the step needs, which a consent card would
     * not give it.
     */
    public static final class RefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RefusedException(ApiException refusal) {
            super("Microsoft Graph refused the change (HTTP " + refusal.getResponseStatusCode() + "): "
                    + (refusal instanceof ODataError error && error.getError() != null ? error.getError().getMessage()
                    : refusal.getMessage()) + " The tenant's integration account may lack a role this needs "
                    + "(Conditional Access Administrator for the policy, Groups Administrator for its exclusion group)",
                    refusal);
        }
    }

    /** Creates {@code template}'s policy in report-only state, unless Tenantry's policy from it is still there. */
    public String deployReportOnly(String tenantId, PolicyTemplates template, String by) throws Exception {
        Optional<Deployment> earlier = store.deployment(tenantId, template.id());
        if (earlier.isPresent()) {
            Optional<ConditionalAccessPolicy> existing = policy(tenantId, earlier.get().policyId());
            if (existing.isPresent()) {
                return "Already deployed: policy " + earlier.get().policyId() + " is "
                        + existing.get().getState().getValue() + "; nothing changed";
            }
        }
        String group = exclusionGroup(tenantId);
        ConditionalAccessPolicy policy = template.policy(ConditionalAccessPolicyState.EnabledForReportingButNotEnforced,
                group);
        ConditionalAccessPolicy created = deploying(tenantId, client -> client.identity().conditionalAccess()
                .policies().post(policy));
        store.putDeployment(tenantId, new Deployment(template.id(), created.getId(), group, REPORT_ONLY, by,
                clock.instant()));
        audit.record("policy.deployed", tenantId, created.getId(), Map.of("template", template.id(), "policyId",
                created.getId(), "displayName", template.displayName(), "state", REPORT_ONLY, "exclusionGroup",
                group));
        return "Created policy " + created.getId() + " (" + template.displayName() + ") in report-only state, "
                + "excluding group " + group;
    }

    /** Switches Tenantry's report-only policy from {@code template} on. */
    public String enforce(String tenantId, PolicyTemplates template, String by) throws Exception {
        Deployment deployment = store.deployment(tenantId, template.id()).orElseThrow(() -> new IllegalStateException(
                "Deploy " + template.displayName() + " in report-only state first, and look at its results"));
        ConditionalAccessPolicy current = policy(tenantId, deployment.policyId()).orElseThrow(() ->
                new IllegalStateException("Policy " + deployment.policyId() + " is no longer in the tenant: deploy "
                        + "it again in report-only state"));
        if (current.getState() == ConditionalAccessPolicyState.Enabled) {
            return "Policy " + deployment.policyId() + " is already on; nothing changed";
        }
        ConditionalAccessPolicy change = new ConditionalAccessPolicy();
        change.setState(ConditionalAccessPolicyState.Enabled);
        deploying(tenantId, client -> {
            client.identity().conditionalAccess().policies().byConditionalAccessPolicyId(deployment.policyId())
                    .patch(change);
            return null;
        });
        store.putDeployment(tenantId, new Deployment(template.id(), deployment.policyId(), deployment.groupId(),
                ENABLED, by, clock.instant()));
        audit.record("policy.enforced", tenantId, deployment.policyId(), Map.of("template", template.id(),
                "policyId", deployment.policyId(), "previousState", current.getState().getValue(), "state", ENABLED));
        return "Switched policy " + deployment.policyId() + " (" + template.displayName() + ") on";
    }

    /** Tenantry's policy as the tenant has it now, if it is still there. */
    public Optional<ConditionalAccessPolicy> policy(String tenantId, String policyId) throws Exception {
        return deploying(tenantId, client -> {
            try {
                return Optional.ofNullable(client.identity().conditionalAccess().policies()
                        .byConditionalAccessPolicyId(policyId).get());
            } catch (ApiException e) {
                if (e.getResponseStatusCode() == 404) {
                    return Optional.<ConditionalAccessPolicy>empty();
                }
                throw e;
            }
        });
    }

    /**
     * Calls Graph with the deploy scope set, Microsoft's 403 caught inside the call and thrown as
     * {@link RefusedException}: one that left the call would reach the person as a consent card.
     */
    private <T> T deploying(String tenantId, GraphAccess.GraphCall<T> call) throws Exception {
        return graph.call(tenantId, SecureIds.DEPLOY_SCOPES, client -> {
            try {
                return call.apply(client);
            } catch (ApiException e) {
                if (e.getResponseStatusCode() == 403) {
                    throw new RefusedException(e);
                }
                throw e;
            }
        });
    }

    /** The tenant's exclusion group: the one Tenantry created, while it exists, else a new one (audited). */
    String exclusionGroup(String tenantId) throws Exception {
        Optional<String> known = store.exclusionGroup(tenantId);
        if (known.isPresent() && groupExists(tenantId, known.get())) {
            return known.get();
        }
        Group group = new Group();
        group.setDisplayName(PolicyTemplates.GROUP_NAME);
        group.setDescription(PolicyTemplates.GROUP_DESCRIPTION);
        group.setMailEnabled(false);
        group.setMailNickname(PolicyTemplates.GROUP_NICKNAME);
        group.setSecurityEnabled(true);
        Group created = deploying(tenantId, client -> client.groups().post(group));
        store.putExclusionGroup(tenantId, created.getId());
        audit.record("group.created", tenantId, created.getId(), Map.of("displayName", PolicyTemplates.GROUP_NAME,
                "purpose", "break-glass accounts excluded from Tenantry's Conditional Access policies"));
        return created.getId();
    }

    private boolean groupExists(String tenantId, String groupId) throws Exception {
        return deploying(tenantId, client -> {
            try {
                client.groups().byGroupId(groupId).get(request -> request.queryParameters.select =
                        new String[] {"id"});
                return true;
            } catch (ApiException e) {
                if (e.getResponseStatusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }
}
