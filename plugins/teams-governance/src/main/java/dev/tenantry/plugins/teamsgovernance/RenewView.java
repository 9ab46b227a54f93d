package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugins.teamsgovernance.lifecycle.GovernedTeam;
import dev.tenantry.plugins.teamsgovernance.lifecycle.Lifecycle;
import java.io.Serializable;
import java.time.Clock;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The page a team's owner opens from the renewal mail ({@code #{teamsRenewal}}, public: no Tenantry account): the
 * team the link names and when it expires; Renew keeps it for the template's expiry again.
 */
@Extension
@Model("teamsRenewal")
public class RenewView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginAudit audit;

    @HostService
    private transient PluginNotifications notifications;

    @HostService
    private transient PluginSchedule schedule;

    @HostService
    private transient PluginSecrets secrets;

    private String token = "";
    private boolean renewed;
    /** The team the link names, read once for the page. */
    private transient Optional<GovernedTeam> team;

    private Lifecycle lifecycle() {
        return new Lifecycle(graph, records, audit, notifications, schedule, secrets, Clock.systemUTC());
    }

    /** The team the link names, if it opens. */
    public Optional<GovernedTeam> getTeam() {
        if (team == null) {
            team = lifecycle().linked(token);
        }
        return team;
    }

    public void renew() {
        Optional<GovernedTeam> kept = lifecycle().renew(token);
        team = null;
        if (kept.isEmpty()) {
            Pages.error("This link renews nothing now: it may have expired, or the team was archived.");
            return;
        }
        renewed = true;
        Pages.info("Renewed: " + kept.get().displayName() + " now expires on " + kept.get().expiresAt() + ".");
    }

    public boolean isRenewed() {
        return renewed;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        if (token != null && !token.isBlank()) {
            this.token = token;
            team = null;
        }
    }
}
