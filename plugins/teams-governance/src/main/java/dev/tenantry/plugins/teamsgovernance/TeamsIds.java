package dev.tenantry.plugins.teamsgovernance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The ids the Teams Governance plugin's manifest declares, named once for its code and its contract test. */
public final class TeamsIds {

    public static final String PLUGIN = "teams-governance";
    /** See the teams, read them again now. */
    public static final String VIEW = "teams-governance:view";
    /** Request a team, follow one's own requests. */
    public static final String REQUEST = "teams-governance:request";
    /** Make and change team templates (MSP-wide ones: held for all tenants). */
    public static final String MANAGE_CATALOG = "teams-governance:manage-catalog";
    /** Approve and reject requests. */
    public static final String APPROVE = "teams-governance:approve";
    /** Sign in the service account, retry provisioning, archive teams. */
    public static final String ADMINISTER = "teams-governance:administer";

    /** Teams and channels listed, people found: the tenant's integration account. */
    public static final String BASIC_SCOPES = "teams-governance.basic";
    /** Members of teams and channels, tabs: the integration account. */
    public static final String HOME_SCOPES = "teams-governance.home";
    /** Sensitivity labels and Teams apps for templates: the integration account. */
    public static final String CATALOG_SCOPES = "teams-governance.catalog";
    /** Create a team and its private channels: the service account. */
    public static final String PROVISIONING_SCOPES = "teams-governance.provisioning";
    /** Apply a sensitivity label to a team's group: the service account. */
    public static final String LABEL_SCOPES = "teams-governance.labels";
    /** List and restore deleted teams: the service account. */
    public static final String RESTORE_SCOPES = "teams-governance.restore";
    /** Archive and unarchive teams: the service account. */
    public static final String ARCHIVE_SCOPES = "teams-governance.archive";
    /** The account of the customer's tenant that provisions teams. */
    public static final String SERVICE_ACCOUNT = "teams-governance.service";

    private TeamsIds() {
    }

    /** The address of a team's page inside the portal (the manifest's {@code teams-governance.team} page). */
    public static String teamPage(String tenantId, String teamId) {
        return "/teams-governance/team.xhtml?tenant=" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8) + "&id="
                + URLEncoder.encode(teamId, StandardCharsets.UTF_8);
    }
}
