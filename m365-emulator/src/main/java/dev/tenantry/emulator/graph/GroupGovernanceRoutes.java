package dev.tenantry.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What governs a Microsoft 365 group beyond its membership: expiration ({@code /groupLifecyclePolicies}, renewal;
 * an expired group is deleted softly, as Entra does), sensitivity labels ({@code /security/informationProtection/
 * sensitivityLabels}, the labels Microsoft Purview publishes by default) and the group's update ({@code PATCH
 * /groups/{id}}: name, description, visibility and its label, which takes Entra ID P1). A delegated renewal or update
 * needs the group's ownership or a Groups, User or Global Administrator, as the reference pages give.
 */
final class GroupGovernanceRoutes implements Routes.Area {

    /**
     * The labels every tenant publishes: name, sensitivity, what they apply to. Personal is for files and mail only;
     * the others for groups and sites too ({@code unifiedGroup}), which a team's label must be.
     */
    private static final List<String[]> LABELS = List.of(
            new String[] {"Personal", "0", "Non-business data, for personal use only.", "file,email"},
            new String[] {"Public", "1", "Business data prepared for public consumption.",
                "file,email,site,unifiedGroup"},
            new String[] {"General", "2", "Business data not intended for public consumption.",
                "file,email,site,unifiedGroup"},
            new String[] {"Confidential", "3", "Sensitive business data that could cause damage if shared.",
                "file,email,site,unifiedGroup"},
            new String[] {"Highly Confidential", "4", "Very sensitive business data; protected.",
                "file,email,site,unifiedGroup"});
    private static final Set<String> UPDATABLE = Set.of("displayName", "description", "visibility", "assignedLabels");

    private final Directory directory;
    private final OData odata;
    private final Supplier<String> graphBase;

    GroupGovernanceRoutes(Directory directory, OData odata, Supplier<String> graphBase) {
        this.directory = directory;
        this.odata = odata;
        this.graphBase = graphBase;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/groupLifecyclePolicies", Set.of(), call -> {
            directory.lifecycle().expire(call.tenant);
            return odata.collection(call, "groupLifecyclePolicies", directory.lifecycle().policies(call.tenant),
                    Set.of(), null);
        });
        routes.add("GET", "/groups/{id}/groupLifecyclePolicies", Set.of(), call -> {
            directory.lifecycle().expire(call.tenant);
            group(call);
            return odata.collection(call, "groupLifecyclePolicies", directory.lifecycle().policiesOf(call.tenant,
                    call.parameter(0)), Set.of(), null);
        });
        routes.add("POST", "/groups/{id}/renew", Set.of(), call -> {
            renew(call, call.parameter(0));
            return Response.noContent();
        });
        routes.add("POST", "/groupLifecyclePolicies/renewGroup", Set.of(), call -> {
            String groupId = OData.body(call).path("groupId").asText(null);
            if (groupId == null) {
                throw GraphError.badRequest("groupId is required.");
            }
            renew(call, groupId);
            return Response.json(200, Json.object().put("@odata.context", graphBase.get()
                    + "/$metadata#Edm.Boolean").put("value", true));
        });
        for (String path : List.of("/security/informationProtection/sensitivityLabels",
                "/me/security/informationProtection/sensitivityLabels",
                "/users/{id}/security/informationProtection/sensitivityLabels")) {
            routes.add("GET", path, Set.of(), call -> odata.collection(call,
                    "security/informationProtection/sensitivityLabels", labels(call.tenant), Set.of("name",
                            "isActive", "sensitivity"), null));
        }
        routes.add("PATCH", "/groups/{id}", Set.of(), this::update);
    }

    private ObjectNode group(Call call) {
        synchronized (directory) {
            return call.tenant.group(call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
        }
    }

    /** Owners renew and update their groups; otherwise a delegated caller needs a groups-managing role. */
    private static void ownerOrAdministrator(Call call, String groupId) {
        if (call.user != null && !call.tenant.groupOwners(groupId).contains(call.user.id())) {
            call.requireDirectoryRole(DirectoryRoutes.GROUP_ADMINISTRATORS);
        }
    }

    private void renew(Call call, String groupId) {
        synchronized (directory) {
            directory.lifecycle().expire(call.tenant);
            if (call.tenant.group(groupId).isEmpty()) {
                throw GraphError.notFound(groupId);
            }
            ownerOrAdministrator(call, groupId);
            if (!directory.lifecycle().renew(call.tenant, groupId)) {
                throw GraphError.badRequest("The group " + groupId + " has no expiration: no group lifecycle policy "
                        + "manages it.");
            }
        }
    }

    private Response update(Call call) {
        JsonNode change = OData.body(call);
        synchronized (directory) {
            ObjectNode group = group(call);
            ownerOrAdministrator(call, call.parameter(0));
            List<String> unknown = new ArrayList<>();
            change.fieldNames().forEachRemaining(name -> {
                // The SDKs send the entity's type with it, as Graph accepts
                if (!UPDATABLE.contains(name) && !name.equals("@odata.type")) {
                    unknown.add(name);
                }
            });
            if (!unknown.isEmpty()) {
                throw GraphError.badRequest("The emulator updates a group's displayName, description, visibility and "
                        + "assignedLabels; not " + unknown + ".");
            }
            if (change.has("assignedLabels")) {
                if (!Directory.isUnified(group)) {
                    throw GraphError.badRequest("Sensitivity labels apply to Microsoft 365 groups only.");
                }
                if (!Licences.p1(call.tenant)) {
                    throw new GraphError(400, "Request_BadRequest", "Applying a sensitivity label to a group "
                            + "requires a Microsoft Entra ID P1 license.");
                }
                ArrayNode assigned = Json.array();
                List<ObjectNode> published = labels(call.tenant);
                for (JsonNode label : change.get("assignedLabels")) {
                    String id = label.path("labelId").asText();
                    ObjectNode known = published.stream().filter(each -> each.get("id").asText().equals(id))
                            .findFirst().orElseThrow(() -> GraphError.badRequest("Sensitivity label " + id
                                    + " is not published in the tenant."));
                    if (!known.path("contentFormats").toString().contains("unifiedGroup")) {
                        throw GraphError.badRequest("Sensitivity label " + known.get("name").asText() + " does not "
                                + "apply to groups and sites.");
                    }
                    assigned.addObject().put("labelId", id).put("displayName", known.get("name").asText());
                }
                group.set("assignedLabels", assigned);
            }
            for (String name : List.of("displayName", "description")) {
                if (change.has(name)) {
                    group.set(name, change.get(name));
                }
            }
            if (change.has("visibility")) {
                String visibility = change.get("visibility").asText();
                if (!Set.of("public", "private", "hiddenmembership").contains(visibility.toLowerCase(Locale.ROOT))) {
                    throw GraphError.badRequest("Invalid value for visibility: " + visibility);
                }
                group.put("visibility", visibility);
            }
        }
        return Response.noContent();
    }

    private static List<ObjectNode> labels(Tenant tenant) {
        List<ObjectNode> labels = new ArrayList<>();
        for (String[] label : LABELS) {
            ObjectNode json = Json.object().put("@odata.type", "#microsoft.graph.security.sensitivityLabel")
                    .put("id", Directory.stableId(tenant.id(), "sensitivityLabel", label[0])).put("name", label[0])
                    .put("description", label[2]).put("color", "").put("sensitivity", Integer.parseInt(label[1]))
                    .put("tooltip", label[2]).put("isActive", true).put("isAppliable", true)
                    .put("hasProtection", label[0].equals("Highly Confidential")).put("applicationMode", "manual");
            json.putNull("parent");
            ArrayNode formats = json.putArray("contentFormats");
            for (String format : label[3].split(",")) {
                formats.add(format);
            }
            labels.add(json);
        }
        return labels;
    }
}
