package dev.tenantry.plugins.teamsgovernance.account;

import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.DirectoryRole;
import com.microsoft.graph.models.LicenseDetails;
import com.microsoft.graph.models.LicenseDetailsCollectionResponse;
import com.microsoft.graph.models.ServicePlanInfo;
import com.microsoft.graph.models.User;
import com.microsoft.kiota.RequestInformation;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a tenant's Teams service account must have there, read as the account itself (its own profile, licences and
 * directory roles, with {@code User.Read} of the provisioning scope set, in one batch): a Microsoft Teams licence and
 * the Teams Administrator role (or Global Administrator) to create teams; Entra ID P1 where templates apply a
 * sensitivity label.
 */
public final class Prerequisites {

    /** Microsoft Teams' service plan. */
    static final String TEAMS_PLAN = "57ff2da0-773e-42df-b2af-ffb7a2317929";
    /** Entra ID P1's service plan (also part of P2 and of Microsoft 365 E3/E5). */
    static final String ENTRA_P1_PLAN = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
    static final String TEAMS_ADMINISTRATOR = "69091246-20e8-4a56-aa4d-066075b2a7a8";
    static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

    private Prerequisites() {
    }

    /**
     * One prerequisite.
     *
     * @param required whether provisioning fails without it (else only some templates need it)
     */
    public record Check(String name, boolean met, boolean required, String detail) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The account's prerequisites as Microsoft says they are now. */
    public record Reading(String account, List<Check> checks) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Whether every required prerequisite is met. */
        public boolean ready() {
            return checks.stream().allMatch(check -> check.met() || !check.required());
        }
    }

    /** Reads them, as the service account. */
    public static Reading read(GraphAccess graph, String tenantId) throws Exception {
        return graph.call(tenantId, TeamsIds.PROVISIONING_SCOPES, client -> {
            Map<String, RequestInformation> requests = new LinkedHashMap<>();
            requests.put("me", client.me().toGetRequestInformation(request -> request.queryParameters.select =
                    new String[] {"id", "displayName", "userPrincipalName", "accountEnabled"}));
            requests.put("licences", client.me().licenseDetails().toGetRequestInformation());
            requests.put("roles", client.me().memberOf().toGetRequestInformation());
            Map<String, GraphBatch.Answer> answers = GraphBatch.send(client, requests, 3);
            User me = answers.get("me").orThrow().body(User::createFromDiscriminatorValue);
            List<LicenseDetails> licences = GraphBatch.pages(answers.get("licences").orThrow(),
                    LicenseDetailsCollectionResponse::createFromDiscriminatorValue,
                    LicenseDetailsCollectionResponse::getValue).items();
            List<DirectoryObject> memberOf = GraphBatch.pages(answers.get("roles").orThrow(),
                    DirectoryObjectCollectionResponse::createFromDiscriminatorValue,
                    DirectoryObjectCollectionResponse::getValue).items();
            return judge(me.getUserPrincipalName(), licences, memberOf);
        });
    }

    static Reading judge(String account, List<LicenseDetails> licences, List<DirectoryObject> memberOf) {
        Set<String> plans = new HashSet<>();
        List<String> skus = new ArrayList<>();
        for (LicenseDetails licence : licences) {
            skus.add(licence.getSkuPartNumber());
            for (ServicePlanInfo plan : licence.getServicePlans() == null ? List.<ServicePlanInfo>of()
                    : licence.getServicePlans()) {
                if (plan.getServicePlanId() != null && !"Disabled".equalsIgnoreCase(plan.getProvisioningStatus())) {
                    plans.add(plan.getServicePlanId().toString());
                }
            }
        }
        List<String> roles = new ArrayList<>();
        Set<String> templates = new HashSet<>();
        for (DirectoryObject object : memberOf) {
            if (object instanceof DirectoryRole role) {
                roles.add(role.getDisplayName());
                templates.add(role.getRoleTemplateId());
            }
        }
        String licenceNames = skus.isEmpty() ? "no licence" : String.join(", ", skus);
        List<Check> checks = List.of(
                new Check("Microsoft Teams licence", plans.contains(TEAMS_PLAN), true, licenceNames),
                new Check("Teams Administrator role", templates.contains(TEAMS_ADMINISTRATOR)
                        || templates.contains(GLOBAL_ADMINISTRATOR), true, roles.isEmpty() ? "no directory role"
                        : String.join(", ", roles)),
                new Check("Entra ID P1, for templates that apply a sensitivity label", plans.contains(ENTRA_P1_PLAN),
                        false, licenceNames));
        return new Reading(account, checks);
    }
}
