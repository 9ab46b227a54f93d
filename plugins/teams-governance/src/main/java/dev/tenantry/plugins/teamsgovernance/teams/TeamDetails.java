package dev.tenantry.plugins.teamsgovernance.teams;

import com.microsoft.graph.models.AadUserConversationMember;
import com.microsoft.graph.models.Channel;
import com.microsoft.graph.models.ChannelCollectionResponse;
import com.microsoft.graph.models.ConversationMember;
import com.microsoft.graph.models.ConversationMemberCollectionResponse;
import com.microsoft.graph.models.Team;
import com.microsoft.graph.models.TeamsTab;
import com.microsoft.graph.models.TeamsTabCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A team as its page shows it, read from Microsoft as the tenant's integration account: the team, its settings and
 * channels (basic scope set), and, where the home scope set is granted, its owners, members and guests, each private
 * or shared channel's members and every channel's tabs, in two batches of requests.
 */
public final class TeamDetails {

    private TeamDetails() {
    }

    /** A person in a team or a channel. */
    public record Person(String name, String email, String role) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A channel with its tabs, and its own members when it is private or shared. */
    public record ChannelRow(String name, String kind, String description, List<String> tabs, List<Person> members)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The team as read, or why it could not be.
     *
     * @param memberSettings what members may do, as Microsoft names each setting, with its value
     * @param detailsMissing the home scope set is not granted: members and tabs were not read
     * @param partial        what Microsoft refused of the details (tabs, a channel's members), said; empty when none
     */
    public record Shown(String displayName, String description, String visibility, boolean archived,
            Map<String, Boolean> memberSettings, Map<String, Boolean> guestSettings, List<Person> people,
            List<ChannelRow> channels, boolean detailsMissing, String problem, String partial)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public static Shown failed(String problem) {
            return new Shown("", "", "", false, Map.of(), Map.of(), List.of(), List.of(), false, problem, "");
        }

        public long owners() {
            return people.stream().filter(person -> "owner".equals(person.role())).count();
        }
    }

    /** Reads a team; with the home scope set when the tenant granted it. */
    public static Shown read(GraphAccess graph, String tenantId, String teamId) throws Exception {
        boolean details = graph.consent(tenantId, TeamsIds.HOME_SCOPES).granted();
        List<String> scopeSets = details ? List.of(TeamsIds.BASIC_SCOPES, TeamsIds.HOME_SCOPES)
                : List.of(TeamsIds.BASIC_SCOPES);
        return graph.call(tenantId, scopeSets, client -> read(client, teamId, details));
    }

    private static Shown read(GraphServiceClient client, String id, boolean details) throws Exception {
        var team = client.teams().byTeamId(id);
        Map<String, RequestInformation> first = new LinkedHashMap<>();
        first.put("team", team.toGetRequestInformation());
        first.put("channels", team.allChannels().toGetRequestInformation());
        if (details) {
            first.put("members", team.members().toGetRequestInformation());
        }
        Map<String, GraphBatch.Answer> answers = GraphBatch.send(client, first, 3);
        Team read = answers.get("team").orThrow().body(Team::createFromDiscriminatorValue);
        GraphBatch.Pages<Channel> channelPages = GraphBatch.pages(answers.get("channels").orThrow(),
                ChannelCollectionResponse::createFromDiscriminatorValue, ChannelCollectionResponse::getValue);
        List<GraphBatch.Pages<?>> collections = new ArrayList<>(List.of(channelPages));
        GraphBatch.Pages<ConversationMember> memberPages = null;
        if (details) {
            memberPages = GraphBatch.pages(answers.get("members").orThrow(),
                    ConversationMemberCollectionResponse::createFromDiscriminatorValue,
                    ConversationMemberCollectionResponse::getValue);
            collections.add(memberPages);
        }
        // A large team's members (or channels) come in several pages: the next ones of both in the same batches
        GraphBatch.follow(client, collections, 3);
        List<Channel> channels = channelPages.items();
        List<Person> people = memberPages == null ? List.of() : people(memberPages.items());
        Map<String, RequestInformation> second = new LinkedHashMap<>();
        if (details) {
            for (Channel channel : channels) {
                var path = team.channels().byChannelId(channel.getId());
                second.put("tabs:" + channel.getId(), path.tabs().toGetRequestInformation());
                if (!"standard".equals(kind(channel))) {
                    second.put("members:" + channel.getId(), path.members().toGetRequestInformation());
                }
            }
        }
        Map<String, GraphBatch.Answer> more = second.isEmpty() ? Map.of() : GraphBatch.send(client, second, 3);
        List<ChannelRow> rows = new ArrayList<>();
        java.util.Set<String> refused = new java.util.TreeSet<>();
        more.forEach((key, answer) -> {
            if (!answer.succeeded()) {
                refused.add((key.startsWith("tabs:") ? "tabs" : "channel members") + " (HTTP " + answer.status()
                        + ")");
            }
        });
        for (Channel channel : channels) {
            List<String> tabs = new ArrayList<>();
            GraphBatch.Answer tabAnswer = more.get("tabs:" + channel.getId());
            if (tabAnswer != null && tabAnswer.succeeded()) {
                for (TeamsTab tab : GraphBatch.pages(tabAnswer,
                        TeamsTabCollectionResponse::createFromDiscriminatorValue,
                        TeamsTabCollectionResponse::getValue).items()) {
                    tabs.add(tab.getDisplayName());
                }
            }
            GraphBatch.Answer memberAnswer = more.get("members:" + channel.getId());
            List<Person> members = memberAnswer != null && memberAnswer.succeeded() ? people(GraphBatch.pages(
                    memberAnswer, ConversationMemberCollectionResponse::createFromDiscriminatorValue,
                    ConversationMemberCollectionResponse::getValue).items())
                    : List.of();
            rows.add(new ChannelRow(channel.getDisplayName(), kind(channel), channel.getDescription(), tabs, members));
        }
        Map<String, Boolean> memberSettings = new LinkedHashMap<>();
        if (read.getMemberSettings() != null) {
            var settings = read.getMemberSettings();
            memberSettings.put("Create and update channels", settings.getAllowCreateUpdateChannels());
            memberSettings.put("Create private channels", settings.getAllowCreatePrivateChannels());
            memberSettings.put("Delete channels", settings.getAllowDeleteChannels());
            memberSettings.put("Add and remove apps", settings.getAllowAddRemoveApps());
            memberSettings.put("Create, update and remove tabs", settings.getAllowCreateUpdateRemoveTabs());
        }
        Map<String, Boolean> guestSettings = new LinkedHashMap<>();
        if (read.getGuestSettings() != null) {
            guestSettings.put("Create and update channels", read.getGuestSettings().getAllowCreateUpdateChannels());
            guestSettings.put("Delete channels", read.getGuestSettings().getAllowDeleteChannels());
        }
        return new Shown(read.getDisplayName(), read.getDescription(), read.getVisibility() == null ? ""
                : read.getVisibility().getValue(), Boolean.TRUE.equals(read.getIsArchived()), memberSettings,
                guestSettings, people, rows, !details, "", refused.isEmpty() ? ""
                        : "Microsoft refused to read " + String.join(", ", refused));
    }

    private static String kind(Channel channel) {
        return channel.getMembershipType() == null ? "standard" : channel.getMembershipType().getValue();
    }

    private static List<Person> people(List<ConversationMember> members) {
        List<Person> people = new ArrayList<>();
        for (ConversationMember member : members) {
            List<String> roles = member.getRoles() == null ? List.of() : member.getRoles();
            String role = roles.contains("owner") ? "owner" : roles.contains("guest") ? "guest" : "member";
            String email = member instanceof AadUserConversationMember aad ? aad.getEmail() : null;
            people.add(new Person(member.getDisplayName(), email, role));
        }
        people.sort(java.util.Comparator.comparing(Person::role, java.util.Comparator.comparingInt(role ->
                "owner".equals(role) ? 0 : "member".equals(role) ? 1 : 2)).thenComparing(Person::name,
                java.util.Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER)));
        return people;
    }

}
