package dev.tenantry.plugins.teamsgovernance.provisioning;

import com.microsoft.graph.models.AadUserConversationMember;
import com.microsoft.graph.models.Channel;
import com.microsoft.graph.models.ChannelMembershipType;
import com.microsoft.graph.models.ConversationMember;
import com.microsoft.graph.models.Team;
import com.microsoft.graph.models.TeamGuestSettings;
import com.microsoft.graph.models.TeamMemberSettings;
import com.microsoft.graph.models.TeamVisibilityType;
import com.microsoft.graph.models.TeamsAppInstallation;
import com.microsoft.graph.models.TeamsTab;
import com.microsoft.graph.models.TeamsTabConfiguration;
import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import dev.tenantry.plugins.teamsgovernance.requests.TeamRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code POST /teams} is sent for a request: the whole team in one request, as Microsoft allows it for delegated
 * creation — its name, description, privacy, member and guest settings, standard channels with their website tabs,
 * the template's apps, and the request's owners and members (the service account that sends it becomes an owner too).
 * Private and shared channels are not made this way: Microsoft makes them one at a time, after.
 */
final class TeamRequestBody {

    /** Microsoft's Website tab app. */
    static final String WEBSITE_APP = "com.microsoft.teamspace.tab.web";

    private TeamRequestBody() {
    }

    static Team of(TeamRequest request, String graphBase) {
        TeamTemplate template = request.template();
        Team team = new Team();
        team.setDisplayName(request.displayName());
        team.setDescription(request.description() == null || request.description().isBlank() ? null
                : request.description());
        team.setVisibility("public".equals(template.visibility()) ? TeamVisibilityType.Public
                : TeamVisibilityType.Private);
        team.getAdditionalData().put("template@odata.bind", graphBase + "/teamsTemplates('" + template.baseTemplate()
                + "')");
        TeamMemberSettings members = new TeamMemberSettings();
        members.setAllowCreateUpdateChannels(template.memberSettings().createUpdateChannels());
        members.setAllowCreatePrivateChannels(template.memberSettings().createPrivateChannels());
        members.setAllowDeleteChannels(template.memberSettings().deleteChannels());
        members.setAllowAddRemoveApps(template.memberSettings().addRemoveApps());
        members.setAllowCreateUpdateRemoveTabs(template.memberSettings().createUpdateRemoveTabs());
        team.setMemberSettings(members);
        TeamGuestSettings guests = new TeamGuestSettings();
        guests.setAllowCreateUpdateChannels(template.guestSettings().createUpdateChannels());
        guests.setAllowDeleteChannels(template.guestSettings().deleteChannels());
        team.setGuestSettings(guests);
        List<Channel> channels = new ArrayList<>();
        for (TeamTemplate.ChannelSpec spec : template.channels()) {
            if (!spec.standard()) {
                continue;
            }
            Channel channel = new Channel();
            channel.setDisplayName(spec.name());
            channel.setDescription(spec.description() == null || spec.description().isBlank() ? null
                    : spec.description());
            List<TeamsTab> tabs = new ArrayList<>();
            for (TeamTemplate.TabSpec spec2 : spec.tabs()) {
                TeamsTab tab = new TeamsTab();
                tab.setDisplayName(spec2.name());
                tab.getAdditionalData().put("teamsApp@odata.bind", graphBase + "/appCatalogs/teamsApps('"
                        + WEBSITE_APP + "')");
                TeamsTabConfiguration configuration = new TeamsTabConfiguration();
                configuration.setContentUrl(spec2.url());
                configuration.setWebsiteUrl(spec2.url());
                tab.setConfiguration(configuration);
                tabs.add(tab);
            }
            if (!tabs.isEmpty()) {
                channel.setTabs(tabs);
            }
            channels.add(channel);
        }
        if (!channels.isEmpty()) {
            team.setChannels(channels);
        }
        List<TeamsAppInstallation> apps = new ArrayList<>();
        for (TeamTemplate.AppSpec app : template.apps()) {
            TeamsAppInstallation installation = new TeamsAppInstallation();
            installation.getAdditionalData().put("teamsApp@odata.bind", graphBase + "/appCatalogs/teamsApps('"
                    + app.id() + "')");
            apps.add(installation);
        }
        if (!apps.isEmpty()) {
            team.setInstalledApps(apps);
        }
        List<ConversationMember> people = new ArrayList<>();
        request.owners().forEach(owner -> people.add(member(owner, graphBase, true)));
        request.members().forEach(member -> people.add(member(member, graphBase, false)));
        team.setMembers(people);
        return team;
    }

    static AadUserConversationMember member(TeamRequest.Person person, String graphBase, boolean owner) {
        AadUserConversationMember member = new AadUserConversationMember();
        member.setOdataType("#microsoft.graph.aadUserConversationMember");
        member.setRoles(owner ? List.of("owner") : List.of());
        member.getAdditionalData().put("user@odata.bind", graphBase + "/users('" + person.id() + "')");
        return member;
    }

    /** A private or shared channel with its first owners. */
    static Channel channel(TeamTemplate.ChannelSpec spec, List<TeamRequest.Person> owners, String graphBase) {
        Channel channel = new Channel();
        channel.setDisplayName(spec.name());
        channel.setDescription(spec.description() == null || spec.description().isBlank() ? null : spec.description());
        channel.setMembershipType("shared".equals(spec.kind()) ? ChannelMembershipType.Shared
                : ChannelMembershipType.Private);
        List<ConversationMember> members = new ArrayList<>();
        owners.forEach(owner -> members.add(member(owner, graphBase, true)));
        channel.setMembers(members);
        return channel;
    }
}
