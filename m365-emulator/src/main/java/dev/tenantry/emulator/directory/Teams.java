package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Teams in the emulator, as Graph v1.0 serves it: teams made from the {@code standard} template (created
 * asynchronously: {@code POST /teams} answers 202 with an operation, and the team is there once the operation is
 * done), their settings, members and owners (the team's group's), channels (standard, private, shared), channel
 * members, tabs, installed apps from the tenant's app catalogue, and archiving. Every method takes the
 * {@link Directory}'s lock; what Microsoft refuses is thrown as a {@link Refusal} with Graph's status and code.
 */
public final class Teams {

    /** How long a team's creation takes by default, on the emulator's clock (Microsoft: seconds to minutes). */
    public static final Duration DEFAULT_PROVISIONING = Duration.ofSeconds(2);
    /** The template a v1.0 team is created from ({@code template@odata.bind}), and Microsoft's base templates. */
    public static final Set<String> TEMPLATES = Set.of("standard", "com.microsoft.teams.template.ManageAProject",
            "com.microsoft.teams.template.ManageAnEvent", "com.microsoft.teams.template.OnboardEmployees",
            "com.microsoft.teams.template.AdoptOffice365", "com.microsoft.teams.template.OrganizeHelpDesk",
            "com.microsoft.teams.template.CoordinateIncidentResponse");
    /**
     * The store apps of every tenant's catalogue ({@code appCatalogs/teamsApps}): id, display name. The website tab's
     * id is Microsoft's own.
     */
    public static final Map<String, String> STORE_APPS = apps();

    private static final Pattern BIND = Pattern.compile("(?i)/(?:users|teamsTemplates|appCatalogs/teamsApps)"
            + "(?:\\('([^']+)'\\)|/([^/?]+))$");
    /** Characters Teams refuses in a channel's name. */
    private static final Pattern CHANNEL_NAME_REFUSED = Pattern.compile("[~#%&*{}+/\\\\:<>?|'\"]|\\.\\.");

    private final Directory directory;
    private volatile Duration provisioning = DEFAULT_PROVISIONING;

    public Teams(Directory directory) {
        this.directory = directory;
    }

    private static Map<String, String> apps() {
        Map<String, String> apps = new LinkedHashMap<>();
        apps.put("com.microsoft.teamspace.tab.web", "Website");
        apps.put("com.microsoft.teamspace.tab.planner", "Tasks by Planner and To Do");
        apps.put("0d820ecd-def2-4297-adad-78056cde7c78", "OneNote");
        apps.put("com.microsoft.teamspace.tab.wiki", "Wiki");
        apps.put("81fef3a6-72aa-4648-a763-de824aeafb7d", "Forms");
        apps.put("26bc2873-6023-480c-a11b-76b66605ce8c", "Lists");
        return Map.copyOf(apps);
    }

    /** What Microsoft refuses: Graph's status, error code and message. */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;
        public final String code;

        Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static Refusal badRequest(String message) {
        return new Refusal(400, "BadRequest", message);
    }

    private static Refusal notFound(String message) {
        return new Refusal(404, "NotFound", message);
    }

    /** An asynchronous operation ({@code teamsAsyncOperation}), done at {@code doneAt} on the emulator's clock. */
    public static final class Operation {
        final String id;
        final String type;
        final String teamId;
        final Instant created;
        final Instant doneAt;
        final Runnable effect;
        boolean done;

        Operation(String id, String type, String teamId, Instant created, Instant doneAt, Runnable effect) {
            this.id = id;
            this.type = type;
            this.teamId = teamId;
            this.created = created;
            this.doneAt = doneAt;
            this.effect = effect;
        }

        public String id() {
            return id;
        }

        public String teamId() {
            return teamId;
        }

        /** Graph's {@code teamsAsyncOperation}. */
        public ObjectNode json(Instant now) {
            ObjectNode json = Json.object().put("id", id).put("operationType", type)
                    .put("createdDateTime", created.toString()).put("status", done ? "succeeded" : "inProgress")
                    .put("lastActionDateTime", (done ? doneAt : now).toString()).put("attemptsCount", done ? 1 : 0)
                    .put("targetResourceId", teamId).put("targetResourceLocation", "/teams('" + teamId + "')");
            json.putNull("error");
            return json;
        }
    }

    /** How long the next creations take (tests: zero, or long enough to see the operation in progress). */
    public void provisioning(Duration time) {
        this.provisioning = time;
    }

    // ------------------------------------------------------------------------------------------------------ teams

    /**
     * Starts creating a team ({@code POST /teams}): validated now, there once its operation is done. The caller
     * ({@code creator}, null for an application) becomes an owner; an application must name exactly one owner.
     */
    public Operation create(Tenant tenant, JsonNode request, DirectoryUser creator) {
        return create(tenant, request, creator, provisioning);
    }

    /** {@link #create}, the team there {@code time} after it is asked for. */
    private Operation create(Tenant tenant, JsonNode request, DirectoryUser creator, Duration time) {
        synchronized (directory) {
            String name = request.path("displayName").asText("").strip();
            if (name.isEmpty()) {
                throw badRequest("Team displayName is required.");
            }
            String template = bound(request.path("template@odata.bind").asText(null))
                    .orElseThrow(() -> badRequest("A team is created from a template: template@odata.bind is "
                            + "required."));
            if (!TEMPLATES.contains(template)) {
                throw badRequest("Template '" + template + "' was not found.");
            }
            Map<String, List<String>> members = new LinkedHashMap<>();
            for (JsonNode member : request.path("members")) {
                String userId = bound(member.path("user@odata.bind").asText(null))
                        .flatMap(tenant::user).map(DirectoryUser::id)
                        .orElseThrow(() -> badRequest("A member's user@odata.bind names no user of the tenant."));
                members.put(userId, roles(member));
            }
            if (creator != null) {
                members.put(creator.id(), List.of("owner"));
            } else if (members.values().stream().filter(roles -> roles.contains("owner")).count() != 1) {
                throw badRequest("A team created with application permissions must have exactly one owner among its "
                        + "members.");
            }
            List<JsonNode> channels = new ArrayList<>();
            request.path("channels").forEach(channels::add);
            for (JsonNode channel : channels) {
                channelName(channel.path("displayName").asText(""));
                for (JsonNode tab : channel.path("tabs")) {
                    app(tab.path("teamsApp@odata.bind").asText(null));
                }
            }
            List<String> apps = new ArrayList<>();
            for (JsonNode installed : request.path("installedApps")) {
                apps.add(app(installed.path("teamsApp@odata.bind").asText(null)));
            }
            Instant now = directory.now();
            String id = Directory.stableId(tenant.id(), "team", name, now.toString(),
                    Integer.toString(tenant.teams.operations.size()));
            ObjectNode team = Json.object().put("id", id).put("createdDateTime", now.toString())
                    .put("displayName", name).put("description", request.path("description").asText(null))
                    .put("internalId", "19:" + hex(id) + "@thread.tacv2").putNull("classification")
                    .put("specialization", "none")
                    .put("visibility", request.path("visibility").asText("public").toLowerCase(Locale.ROOT))
                    .put("webUrl", "https://teams.microsoft.com/l/team/19%3a" + hex(id)
                            + "%40thread.tacv2/conversations?groupId=" + id + "&tenantId=" + tenant.id())
                    .put("isArchived", false).put("isMembershipLimitedToOwners", false).put("tenantId", tenant.id());
            team.set("memberSettings", settings(request.path("memberSettings"), true, "allowCreateUpdateChannels",
                    "allowCreatePrivateChannels", "allowDeleteChannels", "allowAddRemoveApps",
                    "allowCreateUpdateRemoveTabs", "allowCreateUpdateRemoveConnectors"));
            team.set("guestSettings", settings(request.path("guestSettings"), false, "allowCreateUpdateChannels",
                    "allowDeleteChannels"));
            team.set("messagingSettings", settings(request.path("messagingSettings"), true,
                    "allowUserEditMessages", "allowUserDeleteMessages", "allowOwnerDeleteMessages",
                    "allowTeamMentions", "allowChannelMentions"));
            team.set("funSettings", settings(request.path("funSettings"), true, "allowGiphy", "allowStickersAndMemes",
                    "allowCustomMemes"));
            ((ObjectNode) team.get("funSettings")).put("giphyContentRating",
                    request.path("funSettings").path("giphyContentRating").asText("moderate"));
            Operation operation = new Operation(Directory.stableId(id, "createTeam"), "createTeam", id, now,
                    now.plus(time), () -> {
                        ObjectNode group = Json.object().put("id", id).put("displayName", name)
                                .put("description", team.path("description").asText(null))
                                .put("mailNickname", nickname(name)).put("mailEnabled", true)
                                .put("securityEnabled", false)
                                .put("visibility", capitalized(team.path("visibility").asText()));
                        group.putArray("groupTypes").add("Unified");
                        group.putArray("resourceProvisioningOptions").add("Team");
                        directory.addGroup(tenant, group, List.copyOf(members.keySet()));
                        members.forEach((userId, roles) -> {
                            if (roles.contains("owner")) {
                                directory.addGroupOwner(tenant, id, userId);
                            }
                        });
                        tenant.teams.teams.put(id, team);
                        Map<String, ObjectNode> made = new LinkedHashMap<>();
                        tenant.teams.channels.put(id, made);
                        ObjectNode general = channel(tenant, id, Json.object().put("displayName", "General")
                                .put("description", team.path("description").asText(null)), now);
                        made.put(general.get("id").asText(), general);
                        for (JsonNode requested : channels) {
                            ObjectNode channel = channel(tenant, id, requested, now);
                            made.put(channel.get("id").asText(), channel);
                            for (JsonNode tab : requested.path("tabs")) {
                                addTab(tenant, channel.get("id").asText(), tab);
                            }
                        }
                        Map<String, String> installed = new LinkedHashMap<>();
                        apps.forEach(app -> installed.put(app, installationId(id, app)));
                        tenant.teams.installedApps.put(id, installed);
                    });
            return started(tenant, operation);
        }
    }

    /**
     * Creates a team at once, whatever the provisioning time (a seeded team): {@code request} as {@code POST /teams}
     * takes it, {@code creator} its first owner; the team's id.
     */
    public String createNow(Tenant tenant, JsonNode request, DirectoryUser creator) {
        return create(tenant, request, creator, Duration.ZERO).teamId();
    }

    /** Keeps an operation started now, to be followed, and does it at once if it is due already. */
    private Operation started(Tenant tenant, Operation operation) {
        tenant.teams.operations.put(operation.id, operation);
        tenant.teams.pending.add(operation);
        settle(tenant);
        return operation;
    }

    /** Does what the tenant's operations that are due now do (and deletes the groups whose expiration passed). */
    public void settle(Tenant tenant) {
        synchronized (directory) {
            // A team whose group expired went with it
            directory.lifecycle().expire(tenant);
            Instant now = directory.now();
            // In the order they were started: an archive started after a creation comes after it
            for (java.util.Iterator<Operation> due = tenant.teams.pending.iterator(); due.hasNext(); ) {
                Operation operation = due.next();
                if (!operation.doneAt.isAfter(now)) {
                    due.remove();
                    operation.done = true;
                    operation.effect.run();
                }
            }
        }
    }

    public Optional<Operation> operation(Tenant tenant, String teamId, String operationId) {
        synchronized (directory) {
            settle(tenant);
            return Optional.ofNullable(tenant.teams.operations.get(operationId))
                    .filter(operation -> operation.teamId.equals(teamId));
        }
    }

    /**
     * The tenant's teams (their own properties, without the summary {@code GET /teams} does not give), those being
     * created or whose group is gone left out.
     */
    public List<ObjectNode> teams(Tenant tenant) {
        synchronized (directory) {
            settle(tenant);
            return tenant.teams.teams.values().stream().filter(team -> tenant.group(team.get("id").asText())
                    .isPresent()).map(ObjectNode::deepCopy).toList();
        }
    }

    /** Whether the team is there (created, its group not deleted). */
    public boolean exists(Tenant tenant, String id) {
        synchronized (directory) {
            settle(tenant);
            return tenant.teams.teams.containsKey(id) && tenant.group(id).isPresent();
        }
    }

    /** A team with its summary (owners, members and guests), if it is there (created, its group not deleted). */
    public Optional<ObjectNode> team(Tenant tenant, String id) {
        synchronized (directory) {
            settle(tenant);
            ObjectNode team = tenant.teams.teams.get(id);
            return team == null || tenant.group(id).isEmpty() ? Optional.empty()
                    : Optional.of(withSummary(tenant, team));
        }
    }

    private ObjectNode withSummary(Tenant tenant, ObjectNode team) {
        ObjectNode copy = team.deepCopy();
        int owners = 0;
        int members = 0;
        int guests = 0;
        for (ObjectNode member : members(tenant, team.get("id").asText())) {
            List<String> roles = roles(member);
            if (roles.contains("owner")) {
                owners++;
            } else if (roles.contains("guest")) {
                guests++;
            } else {
                members++;
            }
        }
        copy.putObject("summary").put("ownersCount", owners).put("membersCount", members).put("guestsCount", guests);
        return copy;
    }

    /** Changes a team's settings ({@code PATCH /teams/{id}}): settings objects merge, unknown properties refused. */
    public void update(Tenant tenant, String id, JsonNode change) {
        synchronized (directory) {
            ObjectNode team = writable(tenant, id);
            change.fields().forEachRemaining(field -> {
                switch (field.getKey()) {
                    case "memberSettings", "guestSettings", "messagingSettings", "funSettings" -> {
                        ObjectNode settings = (ObjectNode) team.get(field.getKey());
                        field.getValue().fields().forEachRemaining(setting -> {
                            if (!settings.has(setting.getKey())) {
                                throw badRequest("Property '" + setting.getKey() + "' does not exist on type '"
                                        + field.getKey() + "'.");
                            }
                            settings.set(setting.getKey(), setting.getValue());
                        });
                    }
                    case "displayName", "description" -> team.set(field.getKey(), field.getValue());
                    case "visibility" -> team.put("visibility", field.getValue().asText().toLowerCase(Locale.ROOT));
                    default -> throw badRequest("Property '" + field.getKey() + "' cannot be changed on a team.");
                }
            });
        }
    }

    /** Archives or unarchives a team (an operation, done after the provisioning time like a creation). */
    public Operation archive(Tenant tenant, String id, boolean archived) {
        synchronized (directory) {
            ObjectNode team = existing(tenant, id);
            Instant now = directory.now();
            Operation operation = new Operation(Directory.stableId(id, archived ? "archive" : "unarchive",
                    now.toString(), Integer.toString(tenant.teams.operations.size())),
                    archived ? "archiveTeam" : "unarchiveTeam", id, now, now.plus(provisioning),
                    () -> team.put("isArchived", archived));
            return started(tenant, operation);
        }
    }

    private ObjectNode existing(Tenant tenant, String id) {
        settle(tenant);
        ObjectNode team = tenant.teams.teams.get(id);
        if (team == null || tenant.group(id).isEmpty()) {
            throw notFound("No team found with Group Id " + id);
        }
        return team;
    }

    /** A team that may be changed: an archived team is read-only but for its membership and unarchiving. */
    private ObjectNode writable(Tenant tenant, String id) {
        ObjectNode team = existing(tenant, id);
        if (team.path("isArchived").asBoolean()) {
            throw new Refusal(403, "Forbidden", "The team " + id + " is archived and read-only.");
        }
        return team;
    }

    /**
     * Whether a delegated caller may reach the team: a member or owner of it, or a Teams or Global Administrator
     * ("Microsoft Teams service admins can access teams that they aren't a member of").
     */
    public boolean reaches(Tenant tenant, String teamId, DirectoryUser caller, boolean asOwner) {
        synchronized (directory) {
            if (caller.hasAnyRole(Set.of(DirectoryRoles.TEAMS_ADMINISTRATOR, DirectoryRoles.GLOBAL_ADMINISTRATOR))) {
                return true;
            }
            return asOwner ? tenant.groupOwners(teamId).contains(caller.id())
                    : tenant.groupMembers(teamId).contains(caller.id())
                            || tenant.groupOwners(teamId).contains(caller.id());
        }
    }

    // ---------------------------------------------------------------------------------------------------- members

    /** The team's members ({@code aadUserConversationMember}s): its group's members and owners. */
    public List<ObjectNode> members(Tenant tenant, String teamId) {
        synchronized (directory) {
            Map<String, List<String>> roles = new LinkedHashMap<>();
            tenant.groupOwners(teamId).forEach(owner -> roles.put(owner, List.of("owner")));
            for (String member : tenant.groupMembers(teamId)) {
                roles.putIfAbsent(member, guest(tenant, member) ? List.of("guest") : List.of());
            }
            List<ObjectNode> members = new ArrayList<>();
            roles.forEach((userId, held) -> tenant.user(userId).ifPresent(user -> members.add(
                    member(tenant, teamId, user, held))));
            return members;
        }
    }

    /** Adds a member or owner (or changes the roles of one already there): the team's group's membership. */
    public ObjectNode addMember(Tenant tenant, String teamId, JsonNode request) {
        synchronized (directory) {
            existing(tenant, teamId);
            DirectoryUser user = bound(request.path("user@odata.bind").asText(null)).flatMap(tenant::user)
                    .orElseThrow(() -> notFound("The user named by user@odata.bind was not found in the tenant."));
            List<String> roles = roles(request);
            if (guest(tenant, user.id()) && roles.contains("owner")) {
                throw badRequest("A guest cannot be an owner of a team.");
            }
            List<String> owners = tenant.groupOwners.getOrDefault(teamId, new ArrayList<>());
            if (!roles.contains("owner") && owners.equals(List.of(user.id()))) {
                throw badRequest("The last owner of a team cannot be made a member only.");
            }
            directory.addGroupMember(tenant, teamId, user.id());
            if (roles.contains("owner")) {
                directory.addGroupOwner(tenant, teamId, user.id());
            } else {
                owners.remove(user.id());
            }
            return member(tenant, teamId, user, guest(tenant, user.id()) ? List.of("guest")
                    : roles.contains("owner") ? List.of("owner") : List.of());
        }
    }

    /** Removes a member (by membership id); a team's last owner cannot be removed. False when not a member. */
    public boolean removeMember(Tenant tenant, String teamId, String membershipId) {
        synchronized (directory) {
            existing(tenant, teamId);
            String userId = userOfMembership(teamId, membershipId).orElse(null);
            if (userId == null || !(tenant.groupMembers(teamId).contains(userId)
                    || tenant.groupOwners(teamId).contains(userId))) {
                return false;
            }
            List<String> owners = tenant.groupOwners.getOrDefault(teamId, new ArrayList<>());
            if (owners.contains(userId) && owners.size() == 1) {
                throw badRequest("The last owner of a team cannot be removed.");
            }
            owners.remove(userId);
            directory.removeGroupMember(tenant, teamId, userId);
            return true;
        }
    }

    private ObjectNode member(Tenant tenant, String scopeId, DirectoryUser user, List<String> roles) {
        ObjectNode member = Json.object().put("@odata.type", "#microsoft.graph.aadUserConversationMember")
                .put("id", membershipId(scopeId, user.id())).put("displayName", user.displayName())
                .put("visibleHistoryStartDateTime", "0001-01-01T00:00:00Z").put("userId", user.id())
                .put("email", user.json().path("mail").asText(user.userPrincipalName())).put("tenantId", tenant.id());
        ArrayNode held = member.putArray("roles");
        roles.forEach(held::add);
        return member;
    }

    private static boolean guest(Tenant tenant, String userId) {
        return tenant.user(userId).map(user -> "Guest".equalsIgnoreCase(user.json().path("userType").asText()))
                .orElse(false);
    }

    private static String membershipId(String scopeId, String userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("0#" + scopeId + "#" + userId)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> userOfMembership(String scopeId, String membershipId) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(membershipId), StandardCharsets.UTF_8);
            String prefix = "0#" + scopeId + "#";
            return decoded.startsWith(prefix) ? Optional.of(decoded.substring(prefix.length())) : Optional.empty();
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    // --------------------------------------------------------------------------------------------------- channels

    /** The team's channels, the General channel first. */
    public List<ObjectNode> channels(Tenant tenant, String teamId) {
        synchronized (directory) {
            existing(tenant, teamId);
            return tenant.teams.channels.getOrDefault(teamId, Map.of()).values().stream()
                    .map(ObjectNode::deepCopy).toList();
        }
    }

    public Optional<ObjectNode> channel(Tenant tenant, String teamId, String channelId) {
        synchronized (directory) {
            existing(tenant, teamId);
            return Optional.ofNullable(tenant.teams.channels.getOrDefault(teamId, Map.of()).get(channelId))
                    .map(ObjectNode::deepCopy);
        }
    }

    /**
     * Adds a channel ({@code POST /teams/{id}/channels}): a standard one, or a private or shared one with its members
     * (an application must name an owner among them; a delegated caller becomes its owner). Names are unique in the
     * team, whatever their case.
     */
    public ObjectNode addChannel(Tenant tenant, String teamId, JsonNode request, DirectoryUser creator) {
        synchronized (directory) {
            writable(tenant, teamId);
            String name = channelName(request.path("displayName").asText(""));
            Map<String, ObjectNode> channels = tenant.teams.channels.get(teamId);
            if (channels.values().stream().anyMatch(channel -> channel.path("displayName").asText()
                    .equalsIgnoreCase(name))) {
                throw badRequest("Channel name already existed, please use other name.");
            }
            ObjectNode channel = channel(tenant, teamId, request, directory.now());
            String type = channel.get("membershipType").asText();
            if (!type.equals("standard")) {
                Map<String, List<String>> members = new LinkedHashMap<>();
                for (JsonNode member : request.path("members")) {
                    String userId = bound(member.path("user@odata.bind").asText(null)).flatMap(tenant::user)
                            .map(DirectoryUser::id).orElseThrow(() -> badRequest("A member's user@odata.bind names "
                                    + "no user of the tenant."));
                    if (!tenant.groupMembers(teamId).contains(userId) && !tenant.groupOwners(teamId).contains(userId)) {
                        throw badRequest("A member of a " + type + " channel must be a member of the team.");
                    }
                    members.put(userId, roles(member));
                }
                if (creator != null) {
                    members.put(creator.id(), List.of("owner"));
                } else if (members.values().stream().noneMatch(roles -> roles.contains("owner"))) {
                    throw badRequest("A " + type + " channel created with application permissions must name an owner "
                            + "among its members.");
                }
                tenant.teams.channelMembers.put(channel.get("id").asText(), members);
            }
            channels.put(channel.get("id").asText(), channel);
            return channel.deepCopy();
        }
    }

    private ObjectNode channel(Tenant tenant, String teamId, JsonNode request, Instant now) {
        String name = channelName(request.path("displayName").asText(""));
        String type = request.path("membershipType").asText("standard");
        if (!Set.of("standard", "private", "shared").contains(type)) {
            throw badRequest("Unknown channel membershipType '" + type + "'.");
        }
        String id = "19:" + hex(Directory.stableId(teamId, "channel", name.toLowerCase(Locale.ROOT))) + "@thread.tacv2";
        return Json.object().put("id", id).put("createdDateTime", now.toString()).put("displayName", name)
                .put("description", request.path("description").asText(null))
                .put("isFavoriteByDefault", request.path("isFavoriteByDefault").asBoolean(false)).put("email", "")
                .put("webUrl", "https://teams.microsoft.com/l/channel/" + id.replace(":", "%3a").replace("@", "%40")
                        + "/" + name.replace(" ", "%20") + "?groupId=" + teamId + "&tenantId=" + tenant.id())
                .put("membershipType", type).put("tenantId", tenant.id()).put("isArchived", false);
    }

    private static String channelName(String name) {
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.length() > 50) {
            throw badRequest("A channel's displayName has 1 to 50 characters.");
        }
        if (CHANNEL_NAME_REFUSED.matcher(stripped).find() || stripped.startsWith("_") || stripped.endsWith(".")) {
            throw badRequest("Channel name contains invalid characters: ~ # % & * { } + / \\ : < > ? | ' \", "
                    + "or it starts with _ or ends with a period.");
        }
        return stripped;
    }

    /** A channel's members: the team's for a standard channel, its own for a private or shared one. */
    public List<ObjectNode> channelMembers(Tenant tenant, String teamId, String channelId) {
        synchronized (directory) {
            ObjectNode channel = channelOf(tenant, teamId, channelId);
            if (channel.get("membershipType").asText().equals("standard")) {
                return members(tenant, teamId);
            }
            List<ObjectNode> members = new ArrayList<>();
            tenant.teams.channelMembers.getOrDefault(channelId, Map.of()).forEach((userId, roles) -> tenant.user(userId)
                    .ifPresent(user -> members.add(member(tenant, channelId, user, roles))));
            return members;
        }
    }

    /** Adds a member to a private or shared channel; a standard channel's members are the team's (400). */
    public ObjectNode addChannelMember(Tenant tenant, String teamId, String channelId, JsonNode request) {
        synchronized (directory) {
            writable(tenant, teamId);
            ObjectNode channel = channelOf(tenant, teamId, channelId);
            if (channel.get("membershipType").asText().equals("standard")) {
                throw badRequest("Members cannot be added to a standard channel: its members are the team's.");
            }
            DirectoryUser user = bound(request.path("user@odata.bind").asText(null)).flatMap(tenant::user)
                    .orElseThrow(() -> notFound("The user named by user@odata.bind was not found in the tenant."));
            if (!tenant.groupMembers(teamId).contains(user.id()) && !tenant.groupOwners(teamId).contains(user.id())) {
                throw badRequest("A member of a private channel must be a member of the team.");
            }
            List<String> roles = roles(request);
            tenant.teams.channelMembers.computeIfAbsent(channelId, any -> new LinkedHashMap<>()).put(user.id(), roles);
            return member(tenant, channelId, user, roles);
        }
    }

    private ObjectNode channelOf(Tenant tenant, String teamId, String channelId) {
        existing(tenant, teamId);
        ObjectNode channel = tenant.teams.channels.getOrDefault(teamId, Map.of()).get(channelId);
        if (channel == null) {
            throw notFound("Channel " + channelId + " was not found in team " + teamId + ".");
        }
        return channel;
    }

    // ----------------------------------------------------------------------------------------------- tabs and apps

    public List<ObjectNode> tabs(Tenant tenant, String teamId, String channelId) {
        synchronized (directory) {
            channelOf(tenant, teamId, channelId);
            return tenant.teams.tabs.getOrDefault(channelId, List.of()).stream().map(ObjectNode::deepCopy).toList();
        }
    }

    /** Adds a tab of a catalogue app to a channel ({@code teamsApp@odata.bind}, display name, configuration). */
    public ObjectNode addTab(Tenant tenant, String teamId, String channelId, JsonNode request) {
        synchronized (directory) {
            writable(tenant, teamId);
            channelOf(tenant, teamId, channelId);
            return addTab(tenant, channelId, request).deepCopy();
        }
    }

    private ObjectNode addTab(Tenant tenant, String channelId, JsonNode request) {
        String app = app(request.path("teamsApp@odata.bind").asText(null));
        String name = request.path("displayName").asText("").strip();
        if (name.isEmpty()) {
            throw badRequest("A tab's displayName is required.");
        }
        List<ObjectNode> tabs = tenant.teams.tabs.computeIfAbsent(channelId, any -> new ArrayList<>());
        ObjectNode tab = Json.object().put("id", Directory.stableId(channelId, "tab", Integer.toString(tabs.size()),
                name)).put("displayName", name).put("webUrl", "https://teams.microsoft.com/l/entity/" + app + "/"
                        + tabs.size());
        tab.set("configuration", request.path("configuration").isObject() ? request.get("configuration").deepCopy()
                : Json.object());
        tab.set("teamsApp", teamsApp(app));
        tabs.add(tab);
        return tab;
    }

    /** The apps installed in a team, each with its {@code teamsApp}. */
    public List<ObjectNode> installedApps(Tenant tenant, String teamId) {
        synchronized (directory) {
            existing(tenant, teamId);
            List<ObjectNode> installed = new ArrayList<>();
            tenant.teams.installedApps.getOrDefault(teamId, Map.of()).forEach((app, installation) -> {
                ObjectNode json = Json.object().put("id", installation);
                json.set("teamsApp", teamsApp(app));
                installed.add(json);
            });
            return installed;
        }
    }

    /** Installs an app of the catalogue in a team; installing one already there is refused (409), as Microsoft does. */
    public void install(Tenant tenant, String teamId, JsonNode request) {
        synchronized (directory) {
            writable(tenant, teamId);
            String app = app(request.path("teamsApp@odata.bind").asText(null));
            Map<String, String> installed = tenant.teams.installedApps.computeIfAbsent(teamId,
                    any -> new LinkedHashMap<>());
            if (installed.containsKey(app)) {
                throw new Refusal(409, "Conflict", "App is already installed in the team.");
            }
            installed.put(app, installationId(teamId, app));
        }
    }

    /** The tenant's app catalogue ({@code teamsApp}s). */
    public List<ObjectNode> catalogue() {
        return STORE_APPS.keySet().stream().map(Teams::teamsApp).toList();
    }

    private static ObjectNode teamsApp(String id) {
        return Json.object().put("id", id).putNull("externalId").put("displayName", STORE_APPS.get(id))
                .put("distributionMethod", "store");
    }

    private static String app(String binding) {
        String app = bound(binding).orElseThrow(() -> badRequest("teamsApp@odata.bind is required: the app of the "
                + "catalogue (appCatalogs/teamsApps/{id})."));
        if (!STORE_APPS.containsKey(app)) {
            throw notFound("App " + app + " is not in the tenant's app catalogue.");
        }
        return app;
    }

    private static String installationId(String teamId, String app) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((teamId + "##" + app)
                .getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    /** The id an {@code @odata.bind} names ({@code …/users('id')} or {@code …/users/id}, templates, apps). */
    static Optional<String> bound(String binding) {
        if (binding == null) {
            return Optional.empty();
        }
        Matcher matcher = BIND.matcher(binding);
        return matcher.find() ? Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2))
                : Optional.empty();
    }

    private static List<String> roles(JsonNode member) {
        List<String> roles = new ArrayList<>();
        member.path("roles").forEach(role -> roles.add(role.asText().toLowerCase(Locale.ROOT)));
        return List.copyOf(roles);
    }

    private static ObjectNode settings(JsonNode requested, boolean byDefault, String... names) {
        ObjectNode settings = Json.object();
        for (String name : names) {
            settings.put(name, requested.path(name).asBoolean(byDefault));
        }
        return settings;
    }

    private static String hex(String id) {
        return HexFormat.of().formatHex(id.replace("-", "").getBytes(StandardCharsets.US_ASCII)).substring(0, 32);
    }

    private static String nickname(String name) {
        String nickname = name.replaceAll("[^A-Za-z0-9]", "");
        return nickname.isEmpty() ? "team" : nickname.length() > 56 ? nickname.substring(0, 56) : nickname;
    }

    private static String capitalized(String value) {
        return value.isEmpty() ? value : Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }
}
