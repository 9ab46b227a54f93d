package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tenantry.emulator.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Everything the emulated Entra ID knows: tenants with their users and consent, and the application registrations.
 * One lock (this object) guards all of it; callers that read and then write hold it across both steps.
 */
public final class Directory {

    private static final TextNode MEMBER = TextNode.valueOf("Member");

    private final PermissionCatalogue catalogue;
    private final Clock clock;
    private final Teams teams;
    private final GroupLifecycle lifecycle;
    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final Set<String> applicationsWithGroupClaims = new java.util.HashSet<>();
    /** Tenant ids by lower-case id and verified domain, readable without the lock (the server's IO threads do). */
    private final Map<String, String> tenantIds = new ConcurrentHashMap<>();

    public Directory(PermissionCatalogue catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
        this.teams = new Teams(this);
        this.lifecycle = new GroupLifecycle(this);
    }

    public PermissionCatalogue catalogue() {
        return catalogue;
    }

    /** Microsoft Teams of every tenant. */
    public Teams teams() {
        return teams;
    }

    /** Microsoft 365 group expiration of every tenant. */
    public GroupLifecycle lifecycle() {
        return lifecycle;
    }

    public Instant now() {
        return clock.instant();
    }

    /** A stable id for a named object, so seeded data keeps its ids across restarts. */
    public static String stableId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public synchronized void clear() {
        tenants.clear();
        tenantIds.clear();
        applications.clear();
        applicationsWithGroupClaims.clear();
    }

    public synchronized List<Tenant> tenants() {
        return new ArrayList<>(tenants.values());
    }

    /** A tenant by id or by any of its verified domains, the way a tenant segment of an authority is resolved. */
    public synchronized Optional<Tenant> tenant(String idOrDomain) {
        return tenantId(idOrDomain).map(tenants::get);
    }

    /** The id of the tenant with this id or verified domain, without taking the directory's lock. */
    public Optional<String> tenantId(String idOrDomain) {
        return Optional.ofNullable(idOrDomain == null ? null : tenantIds.get(idOrDomain.toLowerCase(Locale.ROOT)));
    }

    /** The tenant a sign-in name belongs to, by the domain of the user principal name. */
    public synchronized Optional<Tenant> tenantOfSignInName(String userPrincipalName) {
        int at = userPrincipalName.lastIndexOf('@');
        return at < 0 ? Optional.empty() : tenantId(userPrincipalName.substring(at + 1)).map(tenants::get);
    }

    public synchronized List<Application> applications() {
        return new ArrayList<>(applications.values());
    }

    public synchronized Optional<Application> application(String appId) {
        return Optional.ofNullable(appId == null ? null : applications.get(appId.toLowerCase(Locale.ROOT)));
    }

    public synchronized Tenant addTenant(String id, String displayName, List<String> domains, boolean userConsentAllowed,
            ObjectNode organizationExtras) {
        ObjectNode organization = Json.object();
        organization.put("id", id).put("displayName", displayName).put("tenantType", "AAD")
                .put("createdDateTime", now().toString());
        var verified = organization.putArray("verifiedDomains");
        for (int i = 0; i < domains.size(); i++) {
            verified.addObject().put("name", domains.get(i)).put("isDefault", i == domains.size() - 1)
                    .put("isInitial", i == 0).put("type", "Managed").put("capabilities", "Email, OfficeCommunicationsOnline");
        }
        if (organizationExtras != null) {
            organization.setAll(organizationExtras);
        }
        Tenant tenant = new Tenant(id.toLowerCase(Locale.ROOT), organization, domains, userConsentAllowed);
        tenants.put(tenant.id(), tenant);
        tenantIds.put(tenant.id(), tenant.id());
        domains.forEach(domain -> tenantIds.put(domain.toLowerCase(Locale.ROOT), tenant.id()));
        for (PermissionCatalogue.Resource resource : catalogue.resources()) {
            // Microsoft's first-party APIs are owned by Microsoft's own tenant.
            ObjectNode sp = servicePrincipal(tenant, resource.appId(), resource.displayName(),
                    "f8cdef31-a31e-4b4a-93e4-5f571e91255a");
            var names = sp.putArray("servicePrincipalNames").add(resource.appId());
            resource.identifierUris().forEach(names::add);
        }
        return tenant;
    }

    public synchronized void addApplication(Application application) {
        applications.put(application.appId().toLowerCase(Locale.ROOT), application);
    }

    /** The registration's {@code groupMembershipClaims}: its tokens carry the user's group ids in {@code groups}. */
    public synchronized void emitGroupClaims(String appId) {
        applicationsWithGroupClaims.add(appId.toLowerCase(Locale.ROOT));
    }

    public synchronized boolean emitsGroupClaims(String appId) {
        return applicationsWithGroupClaims.contains(appId.toLowerCase(Locale.ROOT));
    }

    /** Object ids of the groups the user is a direct member of. */
    public synchronized List<String> groupsOf(Tenant tenant, DirectoryUser user) {
        return tenant.groupMembers.entrySet().stream().filter(entry -> entry.getValue().contains(user.id()))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * Adds a user; {@code json} holds its Graph properties and is not kept: the user's own copy is
     * {@link DirectoryUser#json()}.
     */
    public synchronized DirectoryUser addUser(Tenant tenant, ObjectNode json, String password, Collection<String> roles) {
        String upn = json.get("userPrincipalName").asText();
        json.put("id", json.hasNonNull("id") ? json.get("id").asText() : stableId(tenant.id(), "user", upn));
        json.putIfAbsent("accountEnabled", Json.MAPPER.getNodeFactory().booleanNode(true));
        json.putIfAbsent("userType", MEMBER);
        json.putIfAbsent("createdDateTime", Json.MAPPER.getNodeFactory().textNode(now().toString()));
        json.putIfAbsent("businessPhones", Json.array());
        DirectoryUser user = new DirectoryUser(CompactFields.copyOf(json), password, roles);
        user.version(tenant.nextChange());
        tenant.users.put(user.id(), user);
        tenant.indexName(user);
        return user;
    }

    /** Adds a group (Microsoft 365 when {@code groupTypes} holds {@code Unified}, else security) with its members. */
    public synchronized ObjectNode addGroup(Tenant tenant, ObjectNode json, List<String> memberIds) {
        String name = json.path("displayName").asText();
        json.put("id", json.hasNonNull("id") ? json.get("id").asText() : stableId(tenant.id(), "group", name));
        json.putIfAbsent("createdDateTime", Json.MAPPER.getNodeFactory().textNode(now().toString()));
        json.putIfAbsent("groupTypes", Json.array());
        json.putIfAbsent("securityEnabled", Json.MAPPER.getNodeFactory().booleanNode(true));
        json.putIfAbsent("mailEnabled", Json.MAPPER.getNodeFactory().booleanNode(false));
        tenant.groups.put(json.get("id").asText(), json);
        tenant.groupMembers.put(json.get("id").asText(), new ArrayList<>(memberIds));
        lifecycle.expiration(tenant, json);
        return json;
    }

    /**
     * Deletes a group: a Microsoft 365 group is kept in deleted items for 30 days with its members, a security group is
     * deleted permanently ("Delete group"). False when there is no such group.
     */
    public synchronized boolean deleteGroup(Tenant tenant, String id) {
        ObjectNode group = tenant.groups.remove(id);
        List<String> members = tenant.groupMembers.remove(id);
        if (group == null) {
            return false;
        }
        if (isUnified(group)) {
            group.put("deletedDateTime", now().toString());
            tenant.deletedGroups.put(id, group);
            tenant.deletedGroupMembers.put(id, members == null ? new ArrayList<>() : members);
        } else {
            tenant.groupOwners.remove(id);
        }
        return true;
    }

    public static boolean isUnified(JsonNode group) {
        for (JsonNode type : group.path("groupTypes")) {
            if ("Unified".equalsIgnoreCase(type.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Restores a soft-deleted Microsoft 365 group with its members (those still in the directory). */
    public synchronized Optional<ObjectNode> restoreGroup(Tenant tenant, String id) {
        ObjectNode group = tenant.deletedGroups.remove(id);
        if (group == null) {
            return Optional.empty();
        }
        group.remove("deletedDateTime");
        List<String> members = new ArrayList<>(tenant.deletedGroupMembers.remove(id));
        members.removeIf(member -> !tenant.users.containsKey(member));
        tenant.groups.put(id, group);
        tenant.groupMembers.put(id, members);
        // A restored group starts a new lifetime, else an expired one would be deleted again at once
        if (group.hasNonNull("expirationDateTime")) {
            group.put("renewedDateTime", now().toString());
        }
        lifecycle.expiration(tenant, group);
        return Optional.of(group);
    }

    /** Adds a direct member; false when it already is one. */
    public synchronized boolean addGroupMember(Tenant tenant, String groupId, String userId) {
        List<String> members = tenant.groupMembers.computeIfAbsent(groupId, any -> new ArrayList<>());
        if (members.contains(userId)) {
            return false;
        }
        members.add(userId);
        return true;
    }

    /** Removes a direct member; false when it was none. */
    public synchronized boolean removeGroupMember(Tenant tenant, String groupId, String userId) {
        List<String> members = tenant.groupMembers.get(groupId);
        return members != null && members.remove(userId);
    }

    /** Makes {@code userId} an owner of the group. */
    public synchronized void addGroupOwner(Tenant tenant, String groupId, String userId) {
        List<String> owners = tenant.groupOwners.computeIfAbsent(groupId, any -> new ArrayList<>());
        if (!owners.contains(userId)) {
            owners.add(userId);
        }
    }

    /** Takes away {@code userId}'s ownership of the group (an owner who left); false when they were none. */
    public synchronized boolean removeGroupOwner(Tenant tenant, String groupId, String userId) {
        List<String> owners = tenant.groupOwners.get(groupId);
        return owners != null && owners.remove(userId);
    }

    /** Changes a user's properties as Graph's update would, recorded for delta queries. */
    public synchronized void change(Tenant tenant, DirectoryUser user, java.util.function.Consumer<ObjectNode> change) {
        change.accept(user.json());
        touch(tenant, user);
    }

    /** Records a change to a user for delta queries. */
    public synchronized void touch(Tenant tenant, DirectoryUser user) {
        user.version(tenant.nextChange());
    }

    /**
     * Deletes a user softly, as Entra does: the user is kept in deleted items for 30 days with its licences (still
     * consumed) and the groups it was a member of, which a restore gives back.
     */
    public synchronized void deleteUser(Tenant tenant, DirectoryUser user) {
        tenant.users.remove(user.id());
        List<String> groups = new ArrayList<>();
        tenant.groupMembers.forEach((groupId, members) -> {
            if (members.remove(user.id())) {
                groups.add(groupId);
            }
        });
        tenant.deletedUserGroups.put(user.id(), groups);
        user.json().put("deletedDateTime", now().toString());
        user.version(tenant.nextChange());
        tenant.deletedUsers.put(user.id(), user);
    }

    /**
     * Restores a soft-deleted user with its group memberships; the caller first checks that its user principal name is
     * still free.
     */
    public synchronized Optional<DirectoryUser> restoreUser(Tenant tenant, String id) {
        DirectoryUser user = tenant.deletedUsers.remove(id);
        if (user == null) {
            return Optional.empty();
        }
        user.json().remove("deletedDateTime");
        user.version(tenant.nextChange());
        tenant.users.put(user.id(), user);
        tenant.indexName(user);
        for (String groupId : tenant.deletedUserGroups.getOrDefault(id, List.of())) {
            List<String> members = tenant.groupMembers.get(groupId);
            if (members != null && !members.contains(id)) {
                members.add(id);
            }
        }
        tenant.deletedUserGroups.remove(id);
        return Optional.of(user);
    }

    /** What a deleted item is: {@code user}, {@code group}, or empty when deleted items hold no such object. */
    public synchronized Optional<String> deletedItemType(Tenant tenant, String id) {
        if (tenant.deletedUsers.containsKey(id)) {
            return Optional.of("user");
        }
        return tenant.deletedGroups.containsKey(id) ? Optional.of("group") : Optional.empty();
    }

    /**
     * Deletes a deleted item for good: a user's licences are freed and delta reports it {@code deleted}. False when
     * deleted items hold no such object.
     */
    public synchronized boolean purge(Tenant tenant, String id) {
        DirectoryUser user = tenant.deletedUsers.remove(id);
        if (user != null) {
            tenant.deletedUserGroups.remove(id);
            tenant.mailboxes.remove(id);
            for (JsonNode licence : user.json().path("assignedLicenses")) {
                subscribedSku(tenant, licence.path("skuId").asText()).ifPresent(sku -> sku.put("consumedUnits",
                        Math.max(0, sku.path("consumedUnits").asInt() - 1)));
            }
            tenant.purgedUsers.put(id, tenant.nextChange());
            return true;
        }
        tenant.deletedGroupMembers.remove(id);
        tenant.groupOwners.remove(id);
        return tenant.deletedGroups.remove(id) != null;
    }

    /** How long deleted items are kept before Entra deletes them for good. */
    public static final Duration DELETED_ITEMS_KEPT = Duration.ofDays(30);

    /** Purges the deleted users and groups whose 30 days in deleted items have passed (emulator's clock). */
    public synchronized void purgeExpired(Tenant tenant) {
        Instant limit = now().minus(DELETED_ITEMS_KEPT);
        List<String> expired = new ArrayList<>();
        tenant.deletedUsers.values().forEach(user -> {
            if (Instant.parse(user.json().path("deletedDateTime").asText()).isBefore(limit)) {
                expired.add(user.id());
            }
        });
        tenant.deletedGroups.forEach((id, group) -> {
            if (Instant.parse(group.path("deletedDateTime").asText()).isBefore(limit)) {
                expired.add(id);
            }
        });
        expired.forEach(id -> purge(tenant, id));
    }

    /** Users purged since change {@code since}: their ids, for delta's {@code @removed: deleted}. */
    public synchronized List<String> purgedUsersSince(Tenant tenant, long since) {
        return tenant.purgedUsers.entrySet().stream().filter(entry -> entry.getValue() > since)
                .map(Map.Entry::getKey).toList();
    }

    /**
     * Makes every delta token of the tenant issued until now answer {@code 410 Gone}, as Microsoft does when a token's
     * sync state is gone (tokens older than {@link #DELTA_TOKEN_LIFETIME} expire by themselves).
     */
    public synchronized void expireDeltaTokens(Tenant tenant) {
        tenant.deltaTokensValidAfter = now().plusMillis(1);
    }

    /** How long a directory delta token lasts: seven days for identity resources. */
    public static final Duration DELTA_TOKEN_LIFETIME = Duration.ofDays(7);

    /** Whether a delta token of the tenant issued at {@code issued} still answers. */
    public synchronized boolean deltaTokenValid(Tenant tenant, Instant issued) {
        return !issued.isBefore(tenant.deltaTokensValidAfter) && !issued.plus(DELTA_TOKEN_LIFETIME).isBefore(now());
    }

    // ---------------------------------------------------------------- Licences

    public static final String SUBSCRIBED_SKUS = "/subscribedSkus";

    /** The tenant's subscription to a SKU (live: {@code consumedUnits} changes with assignments). */
    public synchronized Optional<ObjectNode> subscribedSku(Tenant tenant, String skuId) {
        return tenant.collection(SUBSCRIBED_SKUS).flatMap(collection -> {
            for (JsonNode sku : collection.path("value")) {
                if (sku.path("skuId").asText().equalsIgnoreCase(skuId)) {
                    return Optional.of((ObjectNode) sku);
                }
            }
            return Optional.empty();
        });
    }

    /**
     * Sets the user's {@code assignedLicenses} (a new array: seeded users share theirs) and counts the units each SKU
     * gains or loses; the caller has checked the SKUs and free units. A change for delta.
     */
    public synchronized void assignLicenses(Tenant tenant, DirectoryUser user, ArrayNode licences) {
        Set<String> before = skuIds(user.json().path("assignedLicenses"));
        Set<String> after = skuIds(licences);
        before.stream().filter(sku -> !after.contains(sku)).forEach(sku -> subscribedSku(tenant, sku).ifPresent(
                found -> found.put("consumedUnits", Math.max(0, found.path("consumedUnits").asInt() - 1))));
        after.stream().filter(sku -> !before.contains(sku)).forEach(sku -> subscribedSku(tenant, sku).ifPresent(
                found -> found.put("consumedUnits", found.path("consumedUnits").asInt() + 1)));
        user.json().set("assignedLicenses", licences);
        touch(tenant, user);
    }

    private static Set<String> skuIds(JsonNode licences) {
        Set<String> ids = new LinkedHashSet<>();
        licences.forEach(licence -> ids.add(licence.path("skuId").asText().toLowerCase(Locale.ROOT)));
        return ids;
    }

    public static boolean licensed(DirectoryUser user) {
        return !user.json().path("assignedLicenses").isEmpty();
    }

    // ---------------------------------------------------------------- Mailboxes

    /**
     * The user's Exchange Online mailbox: the one it has (a shared mailbox needs no licence), else a new user mailbox
     * if the user is licensed, else none.
     */
    public synchronized Optional<Mailbox> mailbox(Tenant tenant, DirectoryUser user) {
        if (!tenant.users.containsKey(user.id())) {
            return Optional.empty();
        }
        Mailbox existing = tenant.mailboxes.get(user.id());
        if (existing != null) {
            return Optional.of(existing);
        }
        if (!licensed(user)) {
            return Optional.empty();
        }
        Mailbox created = new Mailbox(user.id());
        tenant.mailboxes.put(user.id(), created);
        return Optional.of(created);
    }

    // ---------------------------------------------------------------- Authentication methods

    /** Registers a method for the user (the registration report follows). */
    public synchronized void addAuthenticationMethod(DirectoryUser user, ObjectNode method) {
        user.addMethod(method);
    }

    public synchronized boolean removeAuthenticationMethod(DirectoryUser user, String id) {
        return user.removeMethod(id);
    }

    public synchronized void revokeSessions(DirectoryUser user) {
        user.revokeSessions(now());
    }

    public synchronized void setPassword(DirectoryUser user, String password) {
        user.password(password);
        user.revokeSessions(now());
    }

    /** The tenant's service principal for Microsoft Graph. */
    public synchronized ObjectNode graphServicePrincipal(Tenant tenant) {
        return resourceServicePrincipal(tenant, PermissionCatalogue.GRAPH_APP_ID);
    }

    /** The tenant's service principal of a resource of the catalogue (every tenant has one per resource). */
    public synchronized ObjectNode resourceServicePrincipal(Tenant tenant, String resourceAppId) {
        return tenant.servicePrincipalByAppId(resourceAppId).orElseThrow();
    }

    /** The client's service principal in the tenant, created as Entra does when the tenant first consents. */
    public synchronized ObjectNode ensureServicePrincipal(Tenant tenant, Application application) {
        return tenant.servicePrincipalByAppId(application.appId()).orElseGet(() -> {
            ObjectNode sp = servicePrincipal(tenant, application.appId(), application.displayName(),
                    application.homeTenantId());
            sp.putArray("servicePrincipalNames").add(application.appId());
            return sp;
        });
    }

    private ObjectNode servicePrincipal(Tenant tenant, String appId, String displayName, String ownerTenantId) {
        ObjectNode sp = Json.object();
        sp.put("id", stableId(tenant.id(), "servicePrincipal", appId)).put("appId", appId)
                .put("displayName", displayName).put("appDisplayName", displayName)
                .put("appOwnerOrganizationId", ownerTenantId).put("accountEnabled", true)
                .put("servicePrincipalType", "Application").put("signInAudience", "AzureADMultipleOrgs");
        tenant.servicePrincipals.put(sp.get("id").asText(), sp);
        return sp;
    }

    /**
     * Delegated permissions the client may use for the resource on behalf of the user: the union of the tenant-wide
     * (AllPrincipals) grant and the user's own (Principal) grant.
     */
    public synchronized Set<String> grantedScopes(Tenant tenant, String clientSpId, String resourceSpId, String userId) {
        Set<String> scopes = new LinkedHashSet<>();
        for (ObjectNode grant : tenant.permissionGrants.values()) {
            boolean applies = grant.path("clientId").asText().equals(clientSpId)
                    && grant.path("resourceId").asText().equals(resourceSpId)
                    && ("AllPrincipals".equals(grant.path("consentType").asText())
                            || grant.path("principalId").asText().equals(userId));
            if (applies) {
                scopes.addAll(splitScopes(grant.path("scope").asText()));
            }
        }
        return scopes;
    }

    /** Adds scopes to the client's grant for the resource (tenant-wide when {@code principalId} is null). */
    public synchronized ObjectNode grantDelegated(Tenant tenant, String clientSpId, String resourceSpId,
            String principalId, Collection<String> scopes) {
        String consentType = principalId == null ? "AllPrincipals" : "Principal";
        ObjectNode grant = tenant.permissionGrants.values().stream()
                .filter(existing -> existing.path("clientId").asText().equals(clientSpId)
                        && existing.path("resourceId").asText().equals(resourceSpId)
                        && existing.path("consentType").asText().equals(consentType)
                        && (principalId == null || existing.path("principalId").asText().equals(principalId)))
                .findFirst().orElseGet(() -> {
                    ObjectNode created = Json.object();
                    String id = stableId(tenant.id(), "grant", clientSpId, resourceSpId, consentType,
                            String.valueOf(principalId));
                    created.put("id", id).put("clientId", clientSpId).put("consentType", consentType)
                            .put("resourceId", resourceSpId).put("scope", "");
                    if (principalId == null) {
                        created.putNull("principalId");
                    } else {
                        created.put("principalId", principalId);
                    }
                    tenant.permissionGrants.put(id, created);
                    return created;
                });
        Set<String> merged = new LinkedHashSet<>(splitScopes(grant.path("scope").asText()));
        merged.addAll(scopes);
        grant.put("scope", String.join(" ", merged));
        return grant;
    }

    public synchronized Optional<ObjectNode> permissionGrant(Tenant tenant, String id) {
        return Optional.ofNullable(tenant.permissionGrants.get(id));
    }

    public synchronized boolean deletePermissionGrant(Tenant tenant, String id) {
        return tenant.permissionGrants.remove(id) != null;
    }

    /** Application permissions (role values) granted to the client on the resource. */
    public synchronized Set<String> grantedAppRoles(Tenant tenant, String clientSpId, String resourceSpId) {
        PermissionCatalogue.Resource resource = tenant.servicePrincipals().stream()
                .filter(sp -> sp.path("id").asText().equals(resourceSpId)).findFirst()
                .flatMap(sp -> catalogue.resource(sp.path("appId").asText())).orElseThrow();
        return tenant.appRoleAssignments.values().stream()
                .filter(assignment -> assignment.path("principalId").asText().equals(clientSpId)
                        && assignment.path("resourceId").asText().equals(resourceSpId))
                .map(assignment -> resource.appRoleById(assignment.path("appRoleId").asText()))
                .flatMap(Optional::stream)
                .map(PermissionCatalogue.AppRole::value)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public synchronized void assignAppRole(Tenant tenant, ObjectNode clientSp, ObjectNode resourceSp,
            PermissionCatalogue.AppRole role) {
        String id = stableId(tenant.id(), "appRoleAssignment", clientSp.get("id").asText(), role.id());
        if (tenant.appRoleAssignments.containsKey(id)) {
            return;
        }
        ObjectNode assignment = Json.object();
        assignment.put("id", id).putNull("deletedDateTime").put("appRoleId", role.id())
                .put("createdDateTime", now().toString())
                .put("principalDisplayName", clientSp.path("displayName").asText())
                .put("principalId", clientSp.get("id").asText()).put("principalType", "ServicePrincipal")
                .put("resourceDisplayName", resourceSp.path("displayName").asText())
                .put("resourceId", resourceSp.get("id").asText());
        tenant.appRoleAssignments.put(id, assignment);
    }

    /** Deletes one of a client's app role assignments; false when the client has no such assignment. */
    public synchronized boolean deleteAppRoleAssignment(Tenant tenant, String clientSpId, String id) {
        ObjectNode assignment = tenant.appRoleAssignments.get(id);
        if (assignment == null || !assignment.path("principalId").asText().equals(clientSpId)) {
            return false;
        }
        tenant.appRoleAssignments.remove(id);
        return true;
    }

    /** Sets (replaces) an Exchange Online configuration object of the tenant, by cmdlet noun. */
    public synchronized void putExchangeObject(Tenant tenant, String noun, ObjectNode object) {
        tenant.exchangeObjects.put(noun, object);
    }

    /** Sets one of the tenant's collections; its items are kept compactly (see {@link CompactFields}). */
    public synchronized void putCollection(Tenant tenant, String path, JsonNode items) {
        ObjectNode collection = Json.object();
        var kept = Json.array();
        items.forEach(item -> kept.add(item instanceof ObjectNode object ? CompactFields.copyOf(object) : item));
        collection.set("value", kept);
        tenant.extraCollections.put(path, collection);
    }

    /** Adds an item to one of the tenant's collections (a Conditional Access policy, …), creating the collection. */
    public synchronized ObjectNode addToCollection(Tenant tenant, String path, ObjectNode item) {
        ObjectNode collection = tenant.extraCollections.computeIfAbsent(path, any -> {
            ObjectNode created = Json.object();
            created.set("value", Json.array());
            return created;
        });
        collection.withArray("value").add(item);
        return item;
    }

    /** Merges {@code changes} into the item {@code id} of a collection; the merged item, if there was one. */
    public synchronized Optional<ObjectNode> updateInCollection(Tenant tenant, String path, String id,
            ObjectNode changes) {
        return tenant.collection(path).flatMap(collection -> {
            for (JsonNode item : collection.path("value")) {
                if (item.path("id").asText().equalsIgnoreCase(id)) {
                    ((ObjectNode) item).setAll(changes);
                    return Optional.of((ObjectNode) item);
                }
            }
            return Optional.empty();
        });
    }

    /** Removes the item {@code id} from a collection; whether it was there. */
    public synchronized boolean removeFromCollection(Tenant tenant, String path, String id) {
        return tenant.collection(path).map(collection -> {
            var items = collection.withArray("value").elements();
            while (items.hasNext()) {
                if (items.next().path("id").asText().equalsIgnoreCase(id)) {
                    items.remove();
                    return true;
                }
            }
            return false;
        }).orElse(false);
    }

    // ---------------------------------------------------------------- Sign-in logs

    public static final String SIGN_INS = "/auditLogs/signIns";
    /** Sign-ins kept per tenant, the oldest dropped first (Microsoft keeps 30 days). */
    static final int SIGN_INS_KEPT = 1000;

    /**
     * Records a sign-in as Entra ID's sign-in log does: the emulator's own sign-in page records each attempt (success,
     * wrong password 50126, disabled account 50057); risk detections of sign-in activity record the risky one.
     *
     * @param errorCode 0 for success
     */
    public synchronized ObjectNode recordSignIn(Tenant tenant, DirectoryUser user, String appId, String appDisplayName,
            String ipAddress, int errorCode, String failureReason) {
        if (errorCode == 0) {
            user.signedIn(now());
        }
        return addSignIn(tenant, signIn(UUID.randomUUID().toString(), now().toString(), user, appId, appDisplayName,
                ipAddress, Json.object().put("city", "Redmond").put("state", "Washington")
                        .put("countryOrRegion", "US"), errorCode, failureReason));
    }

    private ObjectNode signIn(String id, String at, DirectoryUser user, String appId, String appDisplayName,
            String ipAddress, ObjectNode location, int errorCode, String failureReason) {
        ObjectNode signIn = Json.object().put("id", id).put("createdDateTime", at)
                .put("userDisplayName", user.json().path("displayName").asText())
                .put("userPrincipalName", user.json().path("userPrincipalName").asText()).put("userId", user.id())
                .put("appId", appId).put("appDisplayName", appDisplayName).put("ipAddress", ipAddress)
                .put("clientAppUsed", "Browser").put("correlationId", UUID.randomUUID().toString())
                .put("conditionalAccessStatus", "notApplied").put("isInteractive", true)
                .put("riskDetail", "none").put("riskLevelAggregated", "none").put("riskLevelDuringSignIn", "none")
                .put("riskState", "none").put("resourceDisplayName", "Microsoft Graph")
                .put("resourceId", "00000003-0000-0000-c000-000000000000");
        signIn.set("riskEventTypes_v2", Json.array());
        signIn.set("status", Json.object().put("errorCode", errorCode)
                .put("failureReason", errorCode == 0 ? "Other." : failureReason)
                .put("additionalDetails", errorCode == 0 ? "MFA requirement satisfied by claim in the token" : null));
        signIn.set("location", location);
        signIn.set("deviceDetail", Json.object().put("deviceId", "").put("displayName", "")
                .put("operatingSystem", "Windows10").put("browser", "Edge 130.0.0"));
        return signIn;
    }

    private ObjectNode addSignIn(Tenant tenant, ObjectNode signIn) {
        addToCollection(tenant, SIGN_INS, signIn);
        var items = tenant.collection(SIGN_INS).orElseThrow().withArray("value");
        while (items.size() > SIGN_INS_KEPT) {
            items.remove(0);
        }
        return signIn;
    }

    // ---------------------------------------------------------------- Identity Protection

    public static final String RISK_DETECTIONS = "/identityProtection/riskDetections";
    public static final String RISKY_USERS = "/identityProtection/riskyUsers";
    private static final List<String> RISK_LEVELS = List.of("none", "low", "medium", "high");

    /** Where a risky user's history is kept. */
    public static String riskHistory(String userId) {
        return RISKY_USERS + "/" + userId + "/history";
    }

    /**
     * A new risk detection, as Identity Protection raises one: {@code detection} names the user ({@code userId} or
     * {@code userPrincipalName}), {@code riskEventType} and {@code riskLevel}, optionally the IP address, location and
     * times; the rest is filled in like Microsoft's. The user becomes (or stays) a risky user at the highest level at
     * risk, with a history entry. Returns the stored detection.
     */
    public synchronized ObjectNode injectRiskDetection(Tenant tenant, ObjectNode detection) {
        DirectoryUser user = tenant.user(detection.path("userId").asText(detection.path("userPrincipalName")
                .asText())).orElseThrow(() -> new IllegalArgumentException("No such user in " + tenant.id()));
        String level = detection.path("riskLevel").asText("medium");
        if (!RISK_LEVELS.contains(level)) {
            throw new IllegalArgumentException("riskLevel is one of " + RISK_LEVELS);
        }
        String now = now().toString();
        ObjectNode stored = Json.object();
        stored.put("id", detection.path("id").asText(UUID.randomUUID().toString()));
        String signInId = UUID.randomUUID().toString();
        stored.put("requestId", signInId);
        stored.put("correlationId", UUID.randomUUID().toString());
        stored.put("riskEventType", detection.path("riskEventType").asText("unfamiliarFeatures"));
        stored.put("riskState", "atRisk");
        stored.put("riskLevel", level);
        stored.put("riskDetail", "none");
        stored.put("source", "IdentityProtection");
        stored.put("detectionTimingType", detection.path("detectionTimingType").asText("realtime"));
        stored.put("activity", detection.path("activity").asText("signin"));
        stored.put("tokenIssuerType", "AzureAD");
        stored.put("ipAddress", detection.path("ipAddress").asText("203.0.113.7"));
        stored.set("location", detection.has("location") ? detection.get("location").deepCopy()
                : Json.object().put("city", "Amsterdam").put("state", "North Holland").put("countryOrRegion", "NL"));
        stored.put("activityDateTime", detection.path("activityDateTime").asText(now));
        stored.put("detectedDateTime", detection.path("detectedDateTime").asText(now));
        stored.put("lastUpdatedDateTime", now);
        stored.put("userId", user.id());
        stored.put("userDisplayName", user.json().path("displayName").asText());
        stored.put("userPrincipalName", user.json().path("userPrincipalName").asText());
        stored.put("additionalInfo", "[]");
        addToCollection(tenant, RISK_DETECTIONS, stored);
        if ("signin".equals(stored.path("activity").asText())) {
            ObjectNode signIn = signIn(signInId, stored.path("activityDateTime").asText(), user,
                    "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online",
                    stored.path("ipAddress").asText(), stored.get("location").deepCopy(), 0, null);
            signIn.put("riskLevelDuringSignIn", level).put("riskLevelAggregated", level).put("riskState", "atRisk")
                    .set("riskEventTypes_v2", Json.array().add(stored.path("riskEventType").asText()));
            addSignIn(tenant, signIn);
        }

        ObjectNode risky = riskyUser(tenant, user.id()).orElse(null);
        String current = risky == null || !"atRisk".equals(risky.path("riskState").asText()) ? "none"
                : risky.path("riskLevel").asText("none");
        String highest = RISK_LEVELS.indexOf(level) > RISK_LEVELS.indexOf(current) ? level : current;
        ObjectNode state = Json.object().put("riskLevel", highest).put("riskState", "atRisk").put("riskDetail", "none")
                .put("riskLastUpdatedDateTime", now);
        if (risky == null) {
            ObjectNode created = Json.object().put("id", user.id()).put("isDeleted", false).put("isProcessing", false)
                    .put("userDisplayName", stored.path("userDisplayName").asText())
                    .put("userPrincipalName", stored.path("userPrincipalName").asText());
            created.setAll(state);
            addToCollection(tenant, RISKY_USERS, created);
        } else {
            risky.setAll(state);
        }
        history(tenant, user.id(), user.id(), state, List.of(stored.path("riskEventType").asText()));
        return stored;
    }

    public synchronized Optional<ObjectNode> riskyUser(Tenant tenant, String userId) {
        return tenant.collection(RISKY_USERS).flatMap(collection -> {
            for (JsonNode item : collection.path("value")) {
                if (item.path("id").asText().equalsIgnoreCase(userId)) {
                    return Optional.of((ObjectNode) item);
                }
            }
            return Optional.empty();
        });
    }

    /**
     * An administrator's verdict on risky users ({@code confirmCompromised} or {@code dismiss}), as
     * {@code initiatedBy}: their risk state, level and detail change, their open detections follow, a history entry
     * records it. Unknown user ids are refused before anything changes.
     */
    public synchronized void judgeRiskyUsers(Tenant tenant, List<String> userIds, boolean compromised,
            String initiatedBy) {
        for (String userId : userIds) {
            riskyUser(tenant, userId).orElseThrow(() -> new IllegalArgumentException(userId));
        }
        String now = now().toString();
        for (String userId : userIds) {
            ObjectNode state = Json.object().put("riskLevel", compromised ? "high" : "none")
                    .put("riskState", compromised ? "confirmedCompromised" : "dismissed")
                    .put("riskDetail", compromised ? "adminConfirmedUserCompromised" : "adminDismissedAllRiskForUser")
                    .put("riskLastUpdatedDateTime", now);
            riskyUser(tenant, userId).orElseThrow().setAll(state);
            tenant.collection(RISK_DETECTIONS).ifPresent(detections -> detections.path("value").forEach(item -> {
                if (item.path("userId").asText().equalsIgnoreCase(userId)
                        && "atRisk".equals(item.path("riskState").asText())) {
                    ((ObjectNode) item).put("riskState", state.path("riskState").asText())
                            .put("riskDetail", state.path("riskDetail").asText()).put("lastUpdatedDateTime", now);
                }
            }));
            history(tenant, userId, initiatedBy, state, List.of());
        }
    }

    private void history(Tenant tenant, String userId, String initiatedBy, ObjectNode state,
            List<String> riskEventTypes) {
        ObjectNode item = Json.object().put("id", UUID.randomUUID().toString()).put("userId", userId)
                .put("initiatedBy", initiatedBy);
        item.setAll(state);
        item.put("isDeleted", false).put("isProcessing", false);
        riskyUser(tenant, userId).ifPresent(user -> item.put("userDisplayName", user.path("userDisplayName").asText())
                .put("userPrincipalName", user.path("userPrincipalName").asText()));
        ObjectNode activity = item.putObject("activity");
        activity.put("detail", state.path("riskDetail").asText());
        riskEventTypes.forEach(activity.putArray("riskEventTypes")::add);
        addToCollection(tenant, riskHistory(userId), item);
    }

    public static List<String> splitScopes(String scope) {
        return Arrays.stream(scope.trim().split("\\s+")).filter(part -> !part.isEmpty()).toList();
    }
}
