package dev.tenantry.emulator.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.Teams;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Microsoft Teams ({@code /teams}, {@code /appCatalogs/teamsApps}): teams created asynchronously (202 with the
 * operation in {@code Location}, followed at {@code /teams/{id}/operations/{id}}), their settings, members, channels,
 * channel members, tabs, installed apps, archive and unarchive. Permissions are the catalogue's; beyond them a
 * delegated caller reaches a team only as its member (owner, to change it) or as a Teams or Global Administrator, as Microsoft
 * answers ("Microsoft Teams service admins can access teams that they aren't a member of"). What Teams refuses comes as
 * Graph's error with its status.
 */
final class TeamsRoutes implements Routes.Area {

    /** What {@code GET /teams} answers of a team: "only the id, displayName and description properties". */
    private static final Set<String> LISTED = Set.of("id", "displayName", "description");

    private final Directory directory;
    private final Teams teams;
    private final OData odata;
    private final Supplier<String> graphBase;

    TeamsRoutes(Directory directory, OData odata, Supplier<String> graphBase) {
        this.directory = directory;
        this.teams = directory.teams();
        this.odata = odata;
        this.graphBase = graphBase;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/teams", Set.of(), call -> odata.collection(call, "teams", refused(() -> teams
                .teams(call.tenant).stream().filter(team -> call.user == null || teams.reaches(call.tenant,
                        team.get("id").asText(), call.user, false)).map(team -> OData.select(team, null, LISTED))
                .toList()), Set.of("id", "displayName", "description"), LISTED));
        routes.add("POST", "/teams", Set.of(), call -> {
            Teams.Operation operation = refused(() -> teams.create(call.tenant, OData.body(call), call.user));
            return accepted(operation);
        });
        routes.add("GET", "/teams/{id}/operations/{id}", Set.of(), call -> {
            Teams.Operation operation = teams.operation(call.tenant, call.parameter(0), call.parameter(1))
                    .orElseThrow(() -> new GraphError(404, "NotFound", "Operation " + call.parameter(1)
                            + " was not found."));
            ObjectNode answer = odataEntity("teams('" + call.parameter(0) + "')/operations/$entity");
            answer.setAll(operation.json(directory.now()));
            return Response.json(200, answer);
        });
        routes.add("GET", "/teams/{id}", Set.of(), call -> {
            ObjectNode team = refused(() -> teams.team(call.tenant, call.parameter(0))).orElseThrow(
                    () -> new GraphError(404, "NotFound", "No team found with Group Id " + call.parameter(0)));
            reach(call, false);
            return odata.single(call, "teams/$entity", team, null);
        });
        routes.add("PATCH", "/teams/{id}", Set.of(), call -> {
            reach(call, true);
            refused(() -> {
                teams.update(call.tenant, call.parameter(0), OData.body(call));
                return null;
            });
            return Response.noContent();
        });
        routes.add("POST", "/teams/{id}/archive", Set.of(), call -> {
            reach(call, true);
            return accepted(refused(() -> teams.archive(call.tenant, call.parameter(0), true)));
        });
        routes.add("POST", "/teams/{id}/unarchive", Set.of(), call -> {
            reach(call, true);
            return accepted(refused(() -> teams.archive(call.tenant, call.parameter(0), false)));
        });

        routes.add("GET", "/teams/{id}/members", Set.of(), call -> {
            reach(call, false);
            return odata.collection(call, "teams('" + call.parameter(0) + "')/members",
                    refused(() -> teams.members(call.tenant, call.parameter(0))), Set.of("displayName", "roles",
                            "userId", "email"), null);
        });
        routes.add("POST", "/teams/{id}/members", Set.of(), call -> {
            reach(call, true);
            ObjectNode member = refused(() -> teams.addMember(call.tenant, call.parameter(0), OData.body(call)));
            ObjectNode answer = odataEntity("teams('" + call.parameter(0) + "')/members/$entity");
            return Response.json(201, answer.setAll(member));
        });
        routes.add("DELETE", "/teams/{id}/members/{id}", Set.of(), call -> {
            reach(call, true);
            if (!refused(() -> teams.removeMember(call.tenant, call.parameter(0), call.parameter(1)))) {
                throw new GraphError(404, "NotFound", "Member " + call.parameter(1) + " was not found.");
            }
            return Response.noContent();
        });

        routes.add("GET", "/teams/{id}/channels", Set.of(), call -> channels(call, "channels"));
        routes.add("GET", "/teams/{id}/allChannels", Set.of(), call -> channels(call, "allChannels"));
        routes.add("POST", "/teams/{id}/channels", Set.of(), call -> {
            reach(call, true);
            ObjectNode channel = refused(() -> teams.addChannel(call.tenant, call.parameter(0), OData.body(call),
                    call.user));
            return Response.json(201, odataEntity("teams('" + call.parameter(0) + "')/channels/$entity")
                    .setAll(channel));
        });
        routes.add("GET", "/teams/{id}/channels/{id}", Set.of(), call -> {
            reach(call, false);
            ObjectNode channel = refused(() -> teams.channel(call.tenant, call.parameter(0), call.parameter(1)))
                    .orElseThrow(() -> new GraphError(404, "NotFound", "Channel " + call.parameter(1)
                            + " was not found."));
            return odata.single(call, "teams('" + call.parameter(0) + "')/channels/$entity", channel, null);
        });
        routes.add("GET", "/teams/{id}/channels/{id}/members", Set.of(), call -> {
            reach(call, false);
            return odata.collection(call, "teams('" + call.parameter(0) + "')/channels('" + call.parameter(1)
                    + "')/members", refused(() -> teams.channelMembers(call.tenant, call.parameter(0),
                            call.parameter(1))), Set.of("displayName", "roles", "userId", "email"), null);
        });
        routes.add("POST", "/teams/{id}/channels/{id}/members", Set.of(), call -> {
            reach(call, true);
            ObjectNode member = refused(() -> teams.addChannelMember(call.tenant, call.parameter(0),
                    call.parameter(1), OData.body(call)));
            return Response.json(201, odataEntity("teams('" + call.parameter(0) + "')/channels('"
                    + call.parameter(1) + "')/members/$entity").setAll(member));
        });
        routes.add("GET", "/teams/{id}/channels/{id}/tabs", Set.of(), call -> {
            reach(call, false);
            boolean expand = expands(call, "teamsApp");
            List<ObjectNode> tabs = refused(() -> teams.tabs(call.tenant, call.parameter(0), call.parameter(1)))
                    .stream().map(tab -> expand ? tab : without(tab, "teamsApp")).toList();
            return odata.collection(call, "teams('" + call.parameter(0) + "')/channels('" + call.parameter(1)
                    + "')/tabs", tabs, Set.of("displayName"), null);
        });
        routes.add("POST", "/teams/{id}/channels/{id}/tabs", Set.of(), call -> {
            reach(call, true);
            ObjectNode tab = refused(() -> teams.addTab(call.tenant, call.parameter(0), call.parameter(1),
                    OData.body(call)));
            return Response.json(201, odataEntity("teams('" + call.parameter(0) + "')/channels('"
                    + call.parameter(1) + "')/tabs/$entity").setAll(without(tab, "teamsApp")));
        });
        routes.add("GET", "/teams/{id}/installedApps", Set.of(), call -> {
            reach(call, false);
            boolean expand = expands(call, "teamsApp");
            List<ObjectNode> installed = refused(() -> teams.installedApps(call.tenant, call.parameter(0)))
                    .stream().map(app -> expand ? app : without(app, "teamsApp")).toList();
            return odata.collection(call, "teams('" + call.parameter(0) + "')/installedApps", installed, Set.of(),
                    null);
        });
        routes.add("POST", "/teams/{id}/installedApps", Set.of(), call -> {
            reach(call, true);
            refused(() -> {
                teams.install(call.tenant, call.parameter(0), OData.body(call));
                return null;
            });
            // "If successful, this method returns a 200 OK response code. It doesn't return anything in the body."
            return new Response(200, new java.util.LinkedHashMap<>(), null);
        });
        routes.add("GET", "/appCatalogs/teamsApps", Set.of(), call -> odata.collection(call, "appCatalogs/teamsApps",
                teams.catalogue(), Set.of("id", "externalId", "displayName", "distributionMethod"), null));
    }

    private Response channels(Call call, String navigation) {
        reach(call, false);
        return odata.collection(call, "teams('" + call.parameter(0) + "')/" + navigation,
                refused(() -> teams.channels(call.tenant, call.parameter(0))), Set.of("displayName", "membershipType"),
                null);
    }

    /** The team of the call's first parameter, or Graph's 404 when there is none (or it is still being created). */
    private String existing(Call call) {
        String id = call.parameter(0);
        if (!teams.exists(call.tenant, id)) {
            throw new GraphError(404, "NotFound", "No team found with Group Id " + id);
        }
        return id;
    }

    /** A delegated caller reaches the team as a member (an owner, to change it) or as a Teams administrator. */
    private void reach(Call call, boolean asOwner) {
        String id = existing(call);
        if (call.user != null && !teams.reaches(call.tenant, id, call.user, asOwner)) {
            throw new GraphError(403, "Forbidden", asOwner
                    ? "Only an owner of the team or a Teams administrator can change it."
                    : "The caller is not a member of the team.");
        }
    }

    /** 202 with the operation's {@code Location} and the team's {@code Content-Location}, as Microsoft answers. */
    private static Response accepted(Teams.Operation operation) {
        return Response.accepted()
                .header("Location", "/teams('" + operation.teamId() + "')/operations('" + operation.id() + "')")
                .header("Content-Location", "/teams('" + operation.teamId() + "')");
    }

    private ObjectNode odataEntity(String context) {
        return dev.tenantry.emulator.http.Json.object().put("@odata.context", graphBase.get() + "/$metadata#"
                + context);
    }

    private static boolean expands(Call call, String navigation) {
        String expand = call.query("$expand");
        return expand != null && List.of(expand.toLowerCase(Locale.ROOT).split(","))
                .contains(navigation.toLowerCase(Locale.ROOT));
    }

    private static ObjectNode without(ObjectNode node, String property) {
        ObjectNode copy = node.deepCopy();
        copy.remove(property);
        return copy;
    }

    private static <T> T refused(Supplier<T> action) {
        try {
            return action.get();
        } catch (Teams.Refusal refusal) {
            throw new GraphError(refusal.status, refusal.code, refusal.getMessage());
        }
    }
}
