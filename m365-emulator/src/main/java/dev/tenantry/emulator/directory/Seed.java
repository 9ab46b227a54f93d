package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.http.Json;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads tenants, users, application registrations and pre-existing consent from a seed document (JSON). The format is
 * documented in the module README; {@code demo-seed.json} is the example.
 */
public final class Seed {

    public static final String DEMO = "/dev/tenantry/emulator/demo-seed.json";

    private Seed() {
    }

    public static JsonNode demo() {
        InputStream in = Seed.class.getResourceAsStream(DEMO);
        if (in == null) {
            throw new IllegalStateException("demo-seed.json is missing from the emulator's class path");
        }
        return Json.read(in);
    }

    /** Adds everything the seed describes to the directory. */
    public static void apply(JsonNode seed, Directory directory) {
        applyApplications(seed, directory);
        for (JsonNode node : seed.path("tenants")) {
            applyTenant(node, directory);
        }
    }

    /** Adds one tenant of a seed's {@code tenants}, after the applications its consent names. */
    public static Tenant applyTenant(JsonNode node, Directory directory) {
        Tenant tenant = directory.addTenant(node.get("id").asText(), node.get("displayName").asText(),
                strings(node.get("domains")), node.path("userConsentAllowed").asBoolean(true),
                node.hasNonNull("organization") ? (ObjectNode) node.get("organization").deepCopy() : null);
        // Users of a tenant share equal licence arrays: nothing changes one in place (an assignment sets a new one)
        Map<JsonNode, JsonNode> sharedLicences = new HashMap<>();
        for (JsonNode user : node.path("users")) {
            ObjectNode json = ((ObjectNode) user.deepCopy());
            String password = json.path("password").asText(null);
            List<String> roles = strings(json.path("roles"));
            JsonNode signIns = json.path("signInActivity");
            Set<AuthenticationMethods.Kind> methods = kinds(json.path("authenticationMethods"));
            json.remove(List.of("password", "roles", "signInActivity", "authenticationMethods"));
            if (!json.path("userPrincipalName").asText().contains("@")) {
                json.put("userPrincipalName", json.path("userPrincipalName").asText() + "@" + tenant.domains().get(0));
            }
            json.putIfAbsent("mail", json.get("userPrincipalName"));
            if (json.has("assignedLicenses")) {
                json.set("assignedLicenses", sharedLicences.computeIfAbsent(json.get("assignedLicenses"),
                        licences -> licences));
            }
            boolean mfaEnforced = json.path("mfaEnforced").asBoolean(false);
            json.remove("mfaEnforced");
            DirectoryUser added = directory.addUser(tenant, json, password, roles);
            added.enforceMfa(mfaEnforced);
            added.signInActivity(instant(signIns.path("lastSignInDateTime")),
                    instant(signIns.path("lastNonInteractiveSignInDateTime")));
            if (!methods.isEmpty()) {
                added.seedMethods(methods);
            }
        }
        for (JsonNode group : node.path("groups")) {
            ObjectNode json = (ObjectNode) group.deepCopy();
            List<String> members = new ArrayList<>();
            for (String member : strings(json.path("members"))) {
                String upn = member.contains("@") ? member : member + "@" + tenant.domains().get(0);
                members.add(tenant.user(upn).orElseThrow(() -> new IllegalArgumentException(
                        "Seed group " + json.path("displayName").asText() + " names unknown member " + upn)).id());
            }
            List<String> owners = new ArrayList<>();
            for (String owner : strings(json.path("owners"))) {
                String upn = owner.contains("@") ? owner : owner + "@" + tenant.domains().get(0);
                owners.add(tenant.user(upn).orElseThrow(() -> new IllegalArgumentException(
                        "Seed group " + json.path("displayName").asText() + " names unknown owner " + upn)).id());
            }
            json.remove(List.of("members", "owners"));
            ObjectNode added = directory.addGroup(tenant, json, members);
            owners.forEach(owner -> directory.addGroupOwner(tenant, added.get("id").asText(), owner));
        }
        for (JsonNode team : node.path("teams")) {
            team(directory, tenant, team);
        }
        for (JsonNode consent : node.path("consent")) {
            Application client = directory.application(consent.get("client").asText())
                    .orElseThrow(() -> new IllegalArgumentException("Seed consent names unknown application "
                            + consent.get("client").asText()));
            String resourceAppId = consent.path("resource").asText(PermissionCatalogue.GRAPH_APP_ID);
            PermissionCatalogue.Resource resource = directory.catalogue().resource(resourceAppId)
                    .orElseThrow(() -> new IllegalArgumentException("Seed consent names unknown resource "
                            + resourceAppId));
            ObjectNode clientSp = directory.ensureServicePrincipal(tenant, client);
            ObjectNode resourceSp = directory.resourceServicePrincipal(tenant, resource.appId());
            List<String> scopes = strings(consent.path("scopes"));
            for (String scope : scopes) {
                resource.scope(scope).orElseThrow(() -> new IllegalArgumentException("Seed consent names unknown "
                        + "scope " + scope + " of " + resource.displayName()));
            }
            if (!scopes.isEmpty()) {
                directory.grantDelegated(tenant, clientSp.get("id").asText(), resourceSp.get("id").asText(), null,
                        scopes);
            }
            for (String role : strings(consent.path("roles"))) {
                directory.assignAppRole(tenant, clientSp, resourceSp, resource.appRole(role)
                        .orElseThrow(() -> new IllegalArgumentException("Seed names unknown app role " + role)));
            }
        }
        node.path("collections").properties().forEach(entry ->
                directory.putCollection(tenant, entry.getKey(), entry.getValue().deepCopy()));
        methodsFromRegistrations(tenant, node.path("collections").path(REGISTRATIONS));
        return tenant;
    }

    /**
     * A seeded team, there at once: {@code owners} (the first creates it), {@code members}, {@code channels} (standard
     * ones with the team; private and shared ones after, with the users they name as {@code owners}), and
     * {@code orphaned} to take every owner away afterwards (owners who left), {@code archived} to archive it.
     */
    private static void team(Directory directory, Tenant tenant, JsonNode seed) {
        String name = seed.path("displayName").asText();
        List<String> owners = strings(seed.path("owners"));
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("Seed team " + name + " names no owner to create it");
        }
        DirectoryUser creator = seedUser(tenant, owners.get(0), name);
        ObjectNode request = Json.object().put("displayName", name)
                .put("description", seed.path("description").asText(null))
                .put("visibility", seed.path("visibility").asText("public"))
                .put("template@odata.bind", "https://graph.microsoft.com/v1.0/teamsTemplates('standard')");
        var members = request.putArray("members");
        for (String owner : owners.subList(1, owners.size())) {
            members.add(member(seedUser(tenant, owner, name), true));
        }
        for (String member : strings(seed.path("members"))) {
            members.add(member(seedUser(tenant, member, name), false));
        }
        var channels = request.putArray("channels");
        List<JsonNode> later = new java.util.ArrayList<>();
        for (JsonNode channel : seed.path("channels")) {
            if (channel.path("membershipType").asText("standard").equals("standard")) {
                channels.addObject().put("displayName", channel.path("displayName").asText())
                        .put("description", channel.path("description").asText(null));
            } else {
                later.add(channel);
            }
        }
        String teamId = directory.teams().createNow(tenant, request, creator);
        for (JsonNode channel : later) {
            ObjectNode create = Json.object().put("displayName", channel.path("displayName").asText())
                    .put("description", channel.path("description").asText(null))
                    .put("membershipType", channel.path("membershipType").asText());
            var channelMembers = create.putArray("members");
            for (String owner : strings(channel.path("owners"))) {
                channelMembers.add(member(seedUser(tenant, owner, name), true));
            }
            directory.teams().addChannel(tenant, teamId, create, null);
        }
        if (seed.path("archived").asBoolean(false)) {
            directory.teams().archive(tenant, teamId, true);
        }
        if (seed.path("orphaned").asBoolean(false)) {
            tenant.groupOwners(teamId).forEach(owner -> directory.removeGroupOwner(tenant, teamId, owner));
        }
    }

    /** A member of a team or a channel to make, as {@code POST /teams} takes it: an owner, or none of the roles. */
    private static ObjectNode member(DirectoryUser user, boolean owner) {
        ObjectNode member = Json.object().put("user@odata.bind", "https://graph.microsoft.com/v1.0/users('"
                + user.id() + "')");
        var roles = member.putArray("roles");
        if (owner) {
            roles.add("owner");
        }
        return member;
    }

    private static DirectoryUser seedUser(Tenant tenant, String upn, String team) {
        return tenant.user(upn).orElseThrow(() -> new IllegalArgumentException("Seed team " + team
                + " names unknown user " + upn));
    }

    static final String REGISTRATIONS = "/reports/authenticationMethods/userRegistrationDetails";

    /**
     * A seed may describe users' methods as the registration report shows them ({@code methodsRegistered}); a user
     * without {@code authenticationMethods} of its own gets the methods its report entry names, so that the report
     * and {@code /authentication/methods} agree.
     */
    private static void methodsFromRegistrations(Tenant tenant, JsonNode registrations) {
        for (JsonNode entry : registrations) {
            tenant.user(entry.path("userPrincipalName").asText()).filter(user -> !user.hasMethods()).ifPresent(user -> {
                Set<AuthenticationMethods.Kind> kinds = EnumSet.noneOf(AuthenticationMethods.Kind.class);
                entry.path("methodsRegistered").forEach(method -> AuthenticationMethods.Kind.registeredAs(
                        method.asText()).ifPresent(kinds::add));
                if (!kinds.isEmpty()) {
                    user.seedMethods(kinds);
                }
            });
        }
    }

    private static Set<AuthenticationMethods.Kind> kinds(JsonNode names) {
        Set<AuthenticationMethods.Kind> kinds = EnumSet.noneOf(AuthenticationMethods.Kind.class);
        for (JsonNode name : names) {
            kinds.add(AuthenticationMethods.Kind.named(name.asText()).orElseThrow(() -> new IllegalArgumentException(
                    "Seed names unknown authentication method " + name.asText())));
        }
        return kinds;
    }

    private static Instant instant(JsonNode value) {
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }

    /** Adds a seed's {@code applications} (their home tenants named by key or id). */
    public static void applyApplications(JsonNode seed, Directory directory) {
        Map<String, String> tenantIdsByKey = new LinkedHashMap<>();
        for (JsonNode node : seed.path("tenants")) {
            String id = node.get("id").asText();
            tenantIdsByKey.put(node.path("key").asText(id), id);
        }
        for (JsonNode node : seed.path("applications")) {
            Application application = application(node, tenantIdsByKey);
            directory.addApplication(application);
            if (node.hasNonNull("groupMembershipClaims") && !"None".equals(node.get("groupMembershipClaims").asText())) {
                directory.emitGroupClaims(application.appId());
            }
        }
    }

    private static Application application(JsonNode node, Map<String, String> tenantIdsByKey) {
        Map<String, Application.RequiredAccess> required = new LinkedHashMap<>();
        node.path("requiredResourceAccess").properties().forEach(entry -> required.put(entry.getKey(),
                new Application.RequiredAccess(set(entry.getValue().path("scopes")), set(entry.getValue().path("roles")))));
        String home = node.path("homeTenant").asText();
        return new Application(node.get("appId").asText(), node.get("displayName").asText(),
                tenantIdsByKey.getOrDefault(home, home), strings(node.path("clientSecrets")),
                strings(node.path("redirectUris")), required, strings(node.path("certificates")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Set<String> set(JsonNode array) {
        return new LinkedHashSet<>(strings(array));
    }
}
