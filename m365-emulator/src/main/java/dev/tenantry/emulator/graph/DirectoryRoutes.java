package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.body;
import static dev.tenantry.emulator.graph.OData.copies;
import static dev.tenantry.emulator.graph.OData.encodeQuery;
import static dev.tenantry.emulator.graph.OData.items;
import static dev.tenantry.emulator.graph.OData.select;
import static dev.tenantry.emulator.graph.OData.token;
import static dev.tenantry.emulator.graph.OData.withType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The directory's objects: the signed-in user, the organization and its branding, users (with delta, deleted items and
 * sign-in session revocation), groups and their members, directory roles and their assignments, subscribed SKUs.
 */
final class DirectoryRoutes implements Routes.Area {

    static final Set<String> USER_DEFAULT_PROPERTIES = Set.of("businessPhones", "displayName", "givenName",
            "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName",
            "id");
    static final Set<String> USER_FILTERABLE = Set.of("id", "userPrincipalName", "displayName", "givenName",
            "surname", "mail", "mailNickname", "accountEnabled", "userType", "jobTitle", "department", "usageLocation",
            "createdDateTime", "companyName", "country", "city");
    static final Set<String> USER_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR);
    static final Set<String> GROUP_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR, DirectoryRoles.GROUPS_ADMINISTRATOR);
    private static final Set<String> SESSION_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR, "Helpdesk Administrator", "Authentication Administrator");

    private final Directory directory;
    private final OData odata;
    private final Supplier<String> graphBase;
    private final Consumer<DirectoryUser> revokeSessions;

    DirectoryRoutes(Directory directory, OData odata, Supplier<String> graphBase,
            Consumer<DirectoryUser> revokeSessions) {
        this.directory = directory;
        this.odata = odata;
        this.graphBase = graphBase;
        this.revokeSessions = revokeSessions;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/me", Set.of(), call -> odata.single(call, "users/$entity", call.user.json(),
                USER_DEFAULT_PROPERTIES));
        routes.add("GET", "/organization", Set.of(), call -> odata.collection(call, "organization",
                List.of(call.tenant.organization().deepCopy()), Set.of("id", "displayName"), null));
        routes.add("GET", "/users", Set.of(), call -> {
            boolean activity = selectsSignInActivity(call);
            // Under the directory's lock while the page is made: $select copies what it answers, nothing else is
            synchronized (directory) {
                return odata.collection(call, "users", OData.lazily(call.tenant.users(),
                        user -> activity ? withActivity(user) : user.json()), USER_FILTERABLE,
                        USER_DEFAULT_PROPERTIES);
            }
        });
        routes.add("POST", "/users", USER_ADMINISTRATORS, this::createUser);
        routes.add("GET", "/users/delta", Set.of(), this::usersDelta);
        routes.add("GET", "/users/{id}", Set.of(), call -> {
            boolean activity = selectsSignInActivity(call);
            synchronized (directory) {
                DirectoryUser user = user(call, call.parameter(0));
                return odata.single(call, "users/$entity", activity ? withActivity(user) : user.json(),
                        USER_DEFAULT_PROPERTIES);
            }
        });
        routes.add("PATCH", "/users/{id}", Set.of(), this::updateUser);
        routes.add("DELETE", "/users/{id}", USER_ADMINISTRATORS, this::deleteUser);
        routes.add("POST", "/users/{id}/revokeSignInSessions", SESSION_ADMINISTRATORS, call -> {
            revokeSessions.accept(user(call, call.parameter(0)));
            ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#Edm.Boolean")
                    .put("value", true);
            return Response.json(200, answer);
        });
        // Groups whose expiration passed are deleted first, as Entra deletes them when they expire
        routes.add("GET", "/groups", Set.of(), call -> {
            directory.lifecycle().expire(call.tenant);
            return odata.collection(call, "groups", copies(call.tenant.groups()), Set.of("id", "displayName",
                    "mailNickname", "mailEnabled", "securityEnabled", "groupTypes"), null);
        });
        routes.add("GET", "/groups/{id}", Set.of(), call -> {
            directory.lifecycle().expire(call.tenant);
            return odata.single(call, "groups/$entity", group(call), null);
        });
        routes.add("DELETE", "/groups/{id}", GROUP_ADMINISTRATORS, call -> {
            group(call);
            directory.deleteGroup(call.tenant, call.parameter(0));
            return Response.noContent();
        });
        routes.add("GET", "/groups/{id}/members", Set.of(), call -> {
            group(call);
            List<ObjectNode> members = call.tenant.groupMembers(call.parameter(0)).stream()
                    .map(id -> call.tenant.user(id)).flatMap(Optional::stream).map(user -> {
                        ObjectNode json = Json.object().put("@odata.type", "#microsoft.graph.user");
                        json.setAll(user.json().deepCopy());
                        return json;
                    }).toList();
            return odata.collection(call, "directoryObjects", members, USER_FILTERABLE,
                    withType(USER_DEFAULT_PROPERTIES));
        });
        routes.add("GET", "/directoryRoles", Set.of(), call -> odata.collection(call, "directoryRoles",
                activatedRoles(call.tenant), Set.of("id", "displayName", "roleTemplateId"), null));
        routes.add("GET", "/roleManagement/directory/roleAssignments", Set.of(), call -> odata.collection(call,
                "roleManagement/directory/roleAssignments", roleAssignments(call.tenant),
                Set.of("id", "principalId", "roleDefinitionId", "directoryScopeId"), null));
        routes.add("GET", "/domains", Set.of(), call -> odata.collection(call, "domains", domains(call.tenant),
                Set.of("id", "isVerified", "isDefault", "isInitial"), null));
        routes.add("GET", "/subscribedSkus", Set.of(), call -> odata.collection(call, "subscribedSkus",
                items(call.tenant, "/subscribedSkus"), Set.of("skuId", "skuPartNumber"), null));
        routes.add("GET", "/organization/{id}/branding", Set.of(), call -> {
            if (!call.tenant.id().equalsIgnoreCase(call.parameter(0))) {
                throw GraphError.notFound(call.parameter(0));
            }
            ObjectNode branding = call.tenant.branding().orElseThrow(() -> new GraphError(404, "NotFound",
                    "The organization has no branding configured."));
            return odata.single(call, "organization('" + call.tenant.id() + "')/branding/$entity",
                    branding.deepCopy(), null);
        });
        routes.add("POST", "/groups", GROUP_ADMINISTRATORS, this::createGroup);
    }

    private Response createUser(Call call) {
        JsonNode body = body(call);
        for (String required : List.of("accountEnabled", "displayName", "mailNickname", "userPrincipalName",
                "passwordProfile")) {
            if (!body.hasNonNull(required)) {
                throw GraphError.badRequest("Invalid value specified for property '" + required
                        + "' of resource 'User'.");
            }
        }
        String upn = body.get("userPrincipalName").asText();
        int at = upn.indexOf('@');
        if (at <= 0 || !call.tenant.ownsDomain(upn.substring(at + 1))) {
            throw GraphError.badRequest("Property userPrincipalName is invalid.");
        }
        DirectoryUser created;
        synchronized (directory) {
            if (call.tenant.user(upn).isPresent()) {
                throw GraphError.badRequest(
                        "Another object with the same value for property userPrincipalName already exists.");
            }
            ObjectNode json = (ObjectNode) body.deepCopy();
            String password = json.path("passwordProfile").path("password").asText(null);
            // The flags are kept, as Graph keeps them (forceChangePasswordNextSignIn[WithMfa]); never the password
            ObjectNode flags = Json.object();
            json.path("passwordProfile").properties().stream().filter(flag -> flag.getKey()
                    .startsWith("forceChangePassword")).forEach(flag -> flags.set(flag.getKey(), flag.getValue()));
            json.remove(List.of("passwordProfile", "id"));
            if (!flags.isEmpty()) {
                json.set("passwordProfile", flags);
            }
            json.put("id", UUID.randomUUID().toString());
            created = directory.addUser(call.tenant, json, password, List.of());
        }
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#users/$entity");
        answer.setAll(select(created.json(), null, USER_DEFAULT_PROPERTIES));
        return Response.json(201, answer).header("Location", graphBase.get() + "/users/" + created.id());
    }

    private Response updateUser(Call call) {
        JsonNode body = body(call);
        synchronized (directory) {
            DirectoryUser user = user(call, call.parameter(0));
            UserUpdates.authorize(call, user, body);
            body.properties().forEach(field -> {
                if (field.getKey().equalsIgnoreCase("passwordProfile")) {
                    JsonNode profile = field.getValue();
                    if (profile.hasNonNull("password")) {
                        directory.setPassword(user, profile.path("password").asText());
                    }
                    // The flags are kept (the password never is): forceChangePasswordNextSignIn[WithMfa]
                    ObjectNode kept = user.json().path("passwordProfile") instanceof ObjectNode existing ? existing
                            : user.json().putObject("passwordProfile");
                    profile.properties().stream().filter(flag -> flag.getKey().startsWith("forceChangePassword"))
                            .forEach(flag -> kept.set(flag.getKey(), flag.getValue()));
                } else if (!field.getKey().equalsIgnoreCase("id")) {
                    user.json().set(field.getKey(), field.getValue());
                }
            });
            directory.touch(call.tenant, user);
        }
        return Response.noContent();
    }

    private Response deleteUser(Call call) {
        synchronized (directory) {
            directory.deleteUser(call.tenant, user(call, call.parameter(0)));
        }
        return Response.noContent();
    }

    /**
     * {@code /users/delta} as Microsoft documents it: the first round returns every user and, after its last page, a
     * {@code @odata.deltaLink}; following that link returns the users changed since, soft-deleted users as
     * {@code @removed: {reason: changed}} (a restore brings them back as changed) and purged ones as
     * {@code @removed: {reason: deleted}}. {@code $deltatoken=latest} answers no users, just a delta link from now.
     * Pages hold 100 users or what {@code Prefer: odata.maxpagesize} asks, up to 999. A token Microsoft no longer knows
     * (older than seven days, made invalid by {@link Directory#expireDeltaTokens}, or not one of its tokens) answers
     * {@code 410 Gone}: the client must synchronise again from the start.
     */
    private Response usersDelta(Call call) {
        int pageSize = maxPageSize(call);
        String deltaToken = call.query("$deltatoken");
        List<ObjectNode> changes = new ArrayList<>();
        long current;
        int offset = 0;
        synchronized (directory) {
            directory.purgeExpired(call.tenant);
            current = call.tenant.changeCounter();
            if (call.query("$skiptoken") != null) {
                long[] page = deltaPage(call.query("$skiptoken"));
                offset = (int) page[0];
                current = page[1];
            }
            if ("latest".equalsIgnoreCase(deltaToken)) {
                return deltaAnswer(call, List.of(), null, current, pageSize);
            }
            long since = deltaToken == null ? 0 : deltaSince(call.tenant, deltaToken);
            for (DirectoryUser user : call.tenant.users()) {
                if (user.version() > since && user.version() <= current) {
                    changes.add(select(user.json(), call.query("$select"), USER_DEFAULT_PROPERTIES));
                }
            }
            if (since > 0) {
                for (DirectoryUser user : call.tenant.deletedUsers()) {
                    if (user.version() > since && user.version() <= current) {
                        changes.add(removed(user.id(), "changed"));
                    }
                }
                directory.purgedUsersSince(call.tenant, since).forEach(id -> changes.add(removed(id, "deleted")));
            }
        }
        int end = Math.min(changes.size(), offset + pageSize);
        String nextLink = end < changes.size()
                ? odata.link(call, Map.of("$skiptoken", token("deltapage:" + end + ":" + current))) : null;
        return deltaAnswer(call, changes.subList(Math.min(offset, changes.size()), end), nextLink, current, pageSize);
    }

    private Response deltaAnswer(Call call, List<ObjectNode> page, String nextLink, long current, int pageSize) {
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#users");
        if (nextLink != null) {
            answer.put("@odata.nextLink", nextLink);
        } else {
            Map<String, String> keep = new LinkedHashMap<>();
            if (call.query("$select") != null) {
                keep.put("$select", call.query("$select"));
            }
            keep.put("$deltatoken", token("delta:" + current + ":" + directory.now().toEpochMilli()));
            answer.put("@odata.deltaLink", graphBase.get() + "/users/delta?" + encodeQuery(keep));
        }
        ArrayNode value = answer.putArray("value");
        page.forEach(value::add);
        Response response = Response.json(200, answer);
        if (call.header("Prefer") != null && call.header("Prefer").contains("odata.maxpagesize")) {
            response.header("Preference-Applied", "odata.maxpagesize=" + pageSize);
        }
        return response;
    }

    private static ObjectNode removed(String id, String reason) {
        ObjectNode removed = Json.object().put("id", id);
        removed.putObject("@removed").put("reason", reason);
        return removed;
    }

    /** The page size {@code Prefer: odata.maxpagesize=N} asks for (at most 999), else 100. */
    private static int maxPageSize(Call call) {
        String prefer = call.header("Prefer");
        if (prefer != null) {
            for (String preference : prefer.split(",")) {
                String[] parts = preference.trim().split("=", 2);
                if (parts.length == 2 && parts[0].trim().equalsIgnoreCase("odata.maxpagesize")) {
                    try {
                        return Math.max(1, Math.min(999, Integer.parseInt(parts[1].trim())));
                    } catch (NumberFormatException ignored) {
                        // an unreadable preference is ignored, as preferences are
                    }
                }
            }
        }
        return OData.DEFAULT_PAGE;
    }

    /** The change number a delta token was issued at, or Graph's 410 when the token is not (or no longer) valid. */
    private long deltaSince(Tenant tenant, String deltaToken) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(deltaToken),
                    StandardCharsets.UTF_8).split(":");
            if (parts.length == 3 && parts[0].equals("delta")
                    && directory.deltaTokenValid(tenant, Instant.ofEpochMilli(Long.parseLong(parts[2])))) {
                return Long.parseLong(parts[1]);
            }
        } catch (IllegalArgumentException ignored) {
            // not a token of ours: reported below
        }
        throw new GraphError(410, "syncStateNotFound", "The sync state generation is not found. The delta token is "
                + "expired and data must be synchronized again.");
    }

    private static long[] deltaPage(String skipToken) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(skipToken),
                    StandardCharsets.UTF_8).split(":");
            if (parts.length == 3 && parts[0].equals("deltapage")) {
                return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new GraphError(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no "
                + "longer be included in your request.");
    }

    private Response createGroup(Call call) {
        ObjectNode body = (ObjectNode) body(call);
        for (String property : List.of("displayName", "mailNickname")) {
            if (!body.path(property).isTextual() || body.path(property).asText().isBlank()) {
                throw GraphError.badRequest("Property '" + property + "' is required and cannot be empty.");
            }
        }
        for (String property : List.of("mailEnabled", "securityEnabled")) {
            if (!body.path(property).isBoolean()) {
                throw GraphError.badRequest("Property '" + property + "' is required.");
            }
        }
        ObjectNode group = body.deepCopy();
        group.remove("@odata.type");
        group.put("id", UUID.randomUUID().toString());
        ObjectNode created = directory.addGroup(call.tenant, group, List.of());
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#groups/$entity");
        answer.setAll(created.deepCopy());
        return Response.json(201, answer);
    }

    /**
     * The tenant's domains as {@code GET /domains} lists them: every seeded domain verified and managed, the
     * {@code onmicrosoft.com} one initial, the first other one the default.
     */
    private static List<ObjectNode> domains(Tenant tenant) {
        String byDefault = tenant.domains().stream().filter(name -> !name.endsWith(".onmicrosoft.com")).findFirst()
                .orElse(tenant.domains().isEmpty() ? "" : tenant.domains().get(0));
        return tenant.domains().stream().map(name -> {
            ObjectNode domain = Json.object().put("id", name).put("authenticationType", "Managed")
                    .put("isAdminManaged", true).put("isDefault", name.equals(byDefault))
                    .put("isInitial", name.endsWith(".onmicrosoft.com")).put("isRoot", true).put("isVerified", true);
            domain.putArray("supportedServices").add("Email").add("OfficeCommunicationsOnline");
            return domain;
        }).toList();
    }

    /**
     * The user's properties with {@code signInActivity}: a shallow copy (its values are the user's own), to read under
     * the directory's lock.
     */
    private static ObjectNode withActivity(DirectoryUser user) {
        ObjectNode json = Json.object();
        json.setAll(user.json());
        json.set("signInActivity", user.signInActivity());
        return json;
    }

    /**
     * Whether {@code $select} asks for {@code signInActivity}, which Graph answers only with AuditLog.Read.All (and,
     * for a delegated caller, a role that reads sign-in logs) in a tenant with Microsoft Entra ID P1 or P2: a tenant without
     * gets Graph's 403 for non-premium tenants.
     */
    private static boolean selectsSignInActivity(Call call) {
        String selection = call.query("$select");
        if (selection == null || !List.of(selection.split("\\s*,\\s*")).stream()
                .anyMatch(property -> property.trim().equalsIgnoreCase("signInActivity"))) {
            return false;
        }
        if (!call.holds("AuditLog.Read.All")) {
            throw GraphError.denied();
        }
        call.requireDirectoryRole(ReportsRoutes.SIGN_IN_READERS);
        if (!Licences.p1(call.tenant)) {
            throw ReportsRoutes.nonPremium();
        }
        return true;
    }

    private static DirectoryUser user(Call call, String idOrUpn) {
        return call.tenant.user(idOrUpn).orElseThrow(() -> GraphError.notFound(idOrUpn));
    }

    private static ObjectNode group(Call call) {
        return call.tenant.group(call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
    }

    /** Directory roles with at least one member, as {@code /directoryRoles} lists activated roles. */
    private static List<ObjectNode> activatedRoles(Tenant tenant) {
        Set<String> names = new LinkedHashSet<>();
        tenant.users().forEach(user -> names.addAll(user.directoryRoles()));
        List<ObjectNode> roles = new ArrayList<>();
        for (String name : names) {
            DirectoryRoles.templateId(name).ifPresent(template -> roles.add(Json.object()
                    .put("id", Directory.stableId(tenant.id(), "directoryRole", template)).put("displayName", name)
                    .put("description", name).put("roleTemplateId", template)));
        }
        return roles;
    }

    private static List<ObjectNode> roleAssignments(Tenant tenant) {
        List<ObjectNode> assignments = new ArrayList<>();
        for (DirectoryUser user : tenant.users()) {
            for (String role : user.directoryRoles()) {
                DirectoryRoles.templateId(role).ifPresent(template -> assignments.add(Json.object()
                        .put("id", Directory.stableId(tenant.id(), "roleAssignment", user.id(), template))
                        .put("principalId", user.id()).put("roleDefinitionId", template).put("directoryScopeId", "/")));
            }
        }
        return assignments;
    }
}
