package dev.tenantry.plugins.threatalerts.respond;

import com.microsoft.graph.identityprotection.riskyusers.confirmcompromised.ConfirmCompromisedPostRequestBody;
import com.microsoft.graph.identityprotection.riskyusers.dismiss.DismissPostRequestBody;
import com.microsoft.graph.models.PasswordProfile;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugins.threatalerts.ThreatIds;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Carries out a remedy on one user of one tenant through Microsoft Graph, with the remedy's own scope set (its consent
 * card when not granted yet: the {@code ConsentRequiredException} goes up untouched), and audits it — only for someone
 * who holds {@code threat-alerts:respond} in the tenant: anyone else is refused before anything reaches Microsoft. A
 * remedy Microsoft refuses the integration account ends in {@link RefusedException}.
 */
public final class Remediator {

    private final GraphAccess graph;
    private final PluginAudit audit;
    private final Predicate<String> mayRespondIn;

    /**
     * @param mayRespondIn whether the member of staff holds {@code threat-alerts:respond} in a tenant
     */
    public Remediator(GraphAccess graph, PluginAudit audit, Predicate<String> mayRespondIn) {
        this.graph = graph;
        this.audit = audit;
        this.mayRespondIn = mayRespondIn;
    }

    /** Refused: the member of staff does not hold {@code threat-alerts:respond} in the tenant. */
    public static final class NotAllowedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotAllowedException(String message) {
            super(message);
        }
    }

    /**
     * Microsoft refused the remedy with HTTP 403. The scope set was granted (the host asks for consent before a call
     * otherwise), so the tenant's integration account lacks a directory role the remedy needs, which a consent card
     * would not give it: the 403 is caught inside the call, since one that left it would become "consent required".
     */
    public static final class RefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RefusedException(Remedy remedy, ApiException refusal) {
            super("Microsoft Graph refused " + remedy.label() + " (HTTP " + refusal.getResponseStatusCode() + "): "
                    + (refusal instanceof ODataError error && error.getError() != null ? error.getError().getMessage()
                    : refusal.getMessage()) + " The tenant's integration account may lack the directory role it "
                    + "needs; nothing was changed", refusal);
        }
    }

    /**
     * Applies {@code remedy} to the user {@code userId} ({@code userPrincipalName} for the audit record).
     *
     * @param incidentId the incident it was done from, or empty
     * @return what was done, one line
     */
    public String apply(String tenantId, String userId, String userPrincipalName, Remedy remedy, String incidentId)
            throws Exception {
        if (!mayRespondIn.test(tenantId)) {
            throw new NotAllowedException(remedy.label() + " needs the permission " + ThreatIds.RESPOND
                    + " in this tenant");
        }
        graph.call(tenantId, remedy.scopeSet(), client -> {
            try {
                change(client, userId, remedy);
            } catch (ApiException e) {
                if (e.getResponseStatusCode() == 403) {
                    throw new RefusedException(remedy, e);
                }
                throw e;
            }
            return null;
        });
        audit.record("remediation." + remedy.key(), tenantId, userPrincipalName, incidentId == null
                || incidentId.isEmpty() ? Map.of("userId", userId) : Map.of("userId", userId, "incident", incidentId));
        return remedy.label() + ": " + userPrincipalName;
    }

    private static void change(GraphServiceClient client, String userId, Remedy remedy) throws Exception {
        switch (remedy) {
            case CONFIRM_COMPROMISED -> {
                ConfirmCompromisedPostRequestBody body = new ConfirmCompromisedPostRequestBody();
                body.setUserIds(List.of(userId));
                client.identityProtection().riskyUsers().confirmCompromised().post(body);
            }
            case DISMISS_RISK -> {
                DismissPostRequestBody body = new DismissPostRequestBody();
                body.setUserIds(List.of(userId));
                client.identityProtection().riskyUsers().dismiss().post(body);
            }
            case REVOKE_SESSIONS -> client.users().byUserId(userId).revokeSignInSessions().post();
            case FORCE_PASSWORD_RESET -> {
                PasswordProfile profile = new PasswordProfile();
                profile.setForceChangePasswordNextSignIn(true);
                User change = new User();
                change.setPasswordProfile(profile);
                client.users().byUserId(userId).patch(change);
            }
        }
    }
}
