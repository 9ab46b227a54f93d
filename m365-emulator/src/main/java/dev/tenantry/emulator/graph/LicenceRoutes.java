package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.DirectoryRoutes.USER_DEFAULT_PROPERTIES;
import static dev.tenantry.emulator.graph.OData.body;
import static dev.tenantry.emulator.graph.OData.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Licence assignment ({@code assignLicense}) and a user's {@code licenseDetails}, against the tenant's subscriptions
 * ({@code /subscribedSkus}): an assignment takes a unit of its SKU ({@code consumedUnits}), removing one frees it.
 */
final class LicenceRoutes implements Routes.Area {

    /** The roles "assignLicense" lists for delegated callers (Global Administrator always). */
    private static final Set<String> LICENCE_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR, DirectoryRoles.LICENSE_ADMINISTRATOR);

    private final Directory directory;
    private final OData odata;
    private final Supplier<String> graphBase;

    LicenceRoutes(Directory directory, OData odata, Supplier<String> graphBase) {
        this.directory = directory;
        this.odata = odata;
        this.graphBase = graphBase;
    }

    @Override
    public void register(Routes routes) {
        routes.add("POST", "/users/{id}/assignLicense", LICENCE_ADMINISTRATORS, this::assignLicense);
        routes.add("GET", "/me/licenseDetails", Set.of(), call -> licenseDetails(call, call.user));
        routes.add("GET", "/users/{id}/licenseDetails", Set.of(), call -> {
            DirectoryUser user;
            synchronized (directory) {
                user = call.tenant.user(call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
                call.requireSelfUnlessAll(user, accepted("GET", "/users/{id}/licenseDetails"));
            }
            return licenseDetails(call, user);
        });
    }

    /** The licences of {@code user} with their service plans. */
    private Response licenseDetails(Call call, DirectoryUser user) {
        List<ObjectNode> details = new ArrayList<>();
        synchronized (directory) {
            for (JsonNode licence : user.json().path("assignedLicenses")) {
                directory.subscribedSku(call.tenant, licence.path("skuId").asText())
                        .ifPresent(sku -> details.add(detail(user, sku, licence)));
            }
        }
        return odata.collection(call, "users('" + user.id() + "')/licenseDetails", details,
                Set.of("skuId", "skuPartNumber"), null);
    }

    private List<String> accepted(String method, String path) {
        return directory.catalogue().endpoint(method, path).orElseThrow().delegated();
    }

    /**
     * {@code assignLicense} as Microsoft answers it: the user (200) after adding {@code addLicenses} (with their
     * {@code disabledPlans}) and removing {@code removeLicenses}; refused whole with Graph's 400 for a user without a
     * usage location (when adding), a SKU the tenant has no subscription to, a SKU without a free unit, or removing a
     * licence the user does not have.
     */
    private Response assignLicense(Call call) {
        JsonNode body = body(call);
        for (String property : List.of("addLicenses", "removeLicenses")) {
            if (!body.path(property).isArray()) {
                throw GraphError.badRequest("Invalid value specified for property '" + property + "' of resource "
                        + "'User'.");
            }
        }
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#users/$entity");
        synchronized (directory) {
            DirectoryUser user = call.tenant.user(call.parameter(0))
                    .orElseThrow(() -> GraphError.notFound(call.parameter(0)));
            Map<String, JsonNode> licences = new LinkedHashMap<>();
            user.json().path("assignedLicenses").forEach(licence -> licences.put(
                    licence.path("skuId").asText().toLowerCase(Locale.ROOT), licence));
            Set<String> added = new LinkedHashSet<>();
            for (JsonNode licence : body.path("addLicenses")) {
                String skuId = licence.path("skuId").asText("");
                if (user.json().path("usageLocation").asText("").isBlank()) {
                    throw GraphError.badRequest("License assignment cannot be done for user with invalid usage "
                            + "location.");
                }
                ObjectNode sku = directory.subscribedSku(call.tenant, skuId).orElseThrow(() -> GraphError.badRequest(
                        "License " + skuId + " does not correspond to a valid company License."));
                String key = skuId.toLowerCase(Locale.ROOT);
                if (!licences.containsKey(key) && sku.path("prepaidUnits").path("enabled").asInt()
                        - sku.path("consumedUnits").asInt() - added.size() <= 0) {
                    throw GraphError.badRequest("Subscription with SKU " + sku.path("skuId").asText()
                            + " does not have any available licenses.");
                }
                ObjectNode kept = Json.object();
                kept.set("disabledPlans", licence.path("disabledPlans").isArray()
                        ? licence.get("disabledPlans").deepCopy() : Json.array());
                kept.put("skuId", sku.path("skuId").asText());
                if (!licences.containsKey(key)) {
                    added.add(key);
                }
                licences.put(key, kept);
            }
            for (JsonNode removed : body.path("removeLicenses")) {
                String key = removed.asText().toLowerCase(Locale.ROOT);
                if (licences.remove(key) == null) {
                    throw GraphError.badRequest("User does not have a corresponding license.");
                }
            }
            ArrayNode assigned = Json.array();
            licences.values().forEach(assigned::add);
            directory.assignLicenses(call.tenant, user, assigned);
            answer.setAll(select(user.json(), null, USER_DEFAULT_PROPERTIES));
        }
        return Response.json(200, answer);
    }

    /** A {@code licenseDetails} entry: the SKU's service plans, those the assignment disabled switched off. */
    private static ObjectNode detail(DirectoryUser user, ObjectNode sku, JsonNode licence) {
        Set<String> disabled = new LinkedHashSet<>();
        licence.path("disabledPlans").forEach(plan -> disabled.add(plan.asText().toLowerCase(Locale.ROOT)));
        ObjectNode detail = Json.object().put("id", Directory.stableId(user.id(), "licenseDetails",
                sku.path("skuId").asText())).put("skuId", sku.path("skuId").asText())
                .put("skuPartNumber", sku.path("skuPartNumber").asText());
        ArrayNode plans = detail.putArray("servicePlans");
        for (JsonNode plan : sku.path("servicePlans")) {
            ObjectNode copy = ((ObjectNode) plan).deepCopy();
            copy.put("provisioningStatus", disabled.contains(plan.path("servicePlanId").asText()
                    .toLowerCase(Locale.ROOT)) ? "Disabled" : "Success");
            plans.add(copy);
        }
        return detail;
    }
}
