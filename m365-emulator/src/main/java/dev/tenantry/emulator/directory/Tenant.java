package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Entra tenant: its organization object, users, service principals and the consent it has granted
 * ({@code oauth2PermissionGrant}s and {@code appRoleAssignment}s), all in Graph's JSON shapes. Guarded by the
 * {@link Directory}'s lock.
 */
public final class Tenant {

    private final String id;
    private final ObjectNode organization;
    private final ObjectNode branding;
    private final List<String> domains;
    private boolean userConsentAllowed;
    final Map<String, DirectoryUser> users = new LinkedHashMap<>();
    /** Users by lower-case user principal name as last seen; a hint checked on use, since a PATCH may rename. */
    private final Map<String, DirectoryUser> usersByName = new ConcurrentHashMap<>();
    final Map<String, DirectoryUser> deletedUsers = new LinkedHashMap<>();
    final Map<String, ObjectNode> servicePrincipals = new LinkedHashMap<>();
    final Map<String, ObjectNode> permissionGrants = new LinkedHashMap<>();
    final Map<String, ObjectNode> appRoleAssignments = new LinkedHashMap<>();
    final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    final Map<String, List<String>> groupMembers = new LinkedHashMap<>();
    final Map<String, List<String>> groupOwners = new LinkedHashMap<>();
    /** Soft-deleted Microsoft 365 groups with the members they had, restorable for 30 days. */
    final Map<String, ObjectNode> deletedGroups = new LinkedHashMap<>();
    final Map<String, List<String>> deletedGroupMembers = new LinkedHashMap<>();
    /** The groups a soft-deleted user was a member of, given back on restore. */
    final Map<String, List<String>> deletedUserGroups = new LinkedHashMap<>();
    /** Users deleted permanently, by id, with the change number of their purge (delta's {@code deleted} removal). */
    final Map<String, Long> purgedUsers = new LinkedHashMap<>();
    final Map<String, Mailbox> mailboxes = new HashMap<>();
    /** Delta tokens issued before this instant no longer answer (410). */
    Instant deltaTokensValidAfter = Instant.EPOCH;
    final Map<String, ObjectNode> extraCollections = new LinkedHashMap<>();
    /** Exchange Online configuration objects by cmdlet noun (e.g. {@code AdminAuditLogConfig}). */
    final Map<String, ObjectNode> exchangeObjects = new LinkedHashMap<>();
    /** Microsoft Teams: the tenant's teams, their channels, tabs, apps and operations ({@link Teams}). */
    final TeamsState teams = new TeamsState();
    private long changeCounter;

    Tenant(String id, ObjectNode organization, List<String> domains, boolean userConsentAllowed) {
        this.id = id;
        // Branding is a navigation of the organization (/organization/{id}/branding), never part of the entity
        JsonNode seededBranding = organization.remove("branding");
        this.branding = seededBranding instanceof ObjectNode object ? object : null;
        this.organization = organization;
        this.domains = List.copyOf(domains);
        this.userConsentAllowed = userConsentAllowed;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return organization.path("displayName").asText();
    }

    /** Verified domains; the first is the initial {@code *.onmicrosoft.com} domain. */
    public List<String> domains() {
        return domains;
    }

    public boolean ownsDomain(String domain) {
        return domains.stream().anyMatch(owned -> owned.equalsIgnoreCase(domain));
    }

    public ObjectNode organization() {
        return organization;
    }

    /** The organization's sign-in page branding, when the tenant has any. */
    public java.util.Optional<ObjectNode> branding() {
        return java.util.Optional.ofNullable(branding);
    }

    /** Whether users may consent to permissions that do not require an administrator (tenant setting). */
    public boolean userConsentAllowed() {
        return userConsentAllowed;
    }

    void userConsentAllowed(boolean allowed) {
        userConsentAllowed = allowed;
    }

    public List<DirectoryUser> users() {
        return new ArrayList<>(users.values());
    }

    public Optional<DirectoryUser> user(String idOrUpn) {
        DirectoryUser byId = users.get(idOrUpn);
        if (byId != null) {
            return Optional.of(byId);
        }
        String upn = idOrUpn.toLowerCase(Locale.ROOT);
        DirectoryUser hinted = usersByName.get(upn);
        if (hinted != null && users.get(hinted.id()) == hinted && hinted.userPrincipalName().equalsIgnoreCase(upn)) {
            return Optional.of(hinted);
        }
        Optional<DirectoryUser> found = users.values().stream()
                .filter(user -> user.userPrincipalName().toLowerCase(Locale.ROOT).equals(upn)).findFirst();
        found.ifPresentOrElse(user -> usersByName.put(upn, user), () -> usersByName.remove(upn));
        return found;
    }

    /** Keeps the user findable by name without a scan (the tenant's users map holds the user). */
    void indexName(DirectoryUser user) {
        usersByName.put(user.userPrincipalName().toLowerCase(Locale.ROOT), user);
    }

    public List<DirectoryUser> deletedUsers() {
        return new ArrayList<>(deletedUsers.values());
    }

    public List<ObjectNode> groups() {
        return new ArrayList<>(groups.values());
    }

    public Optional<ObjectNode> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    /** Soft-deleted Microsoft 365 groups. */
    public List<ObjectNode> deletedGroups() {
        return new ArrayList<>(deletedGroups.values());
    }

    /** Ids of the group's owners. */
    public List<String> groupOwners(String groupId) {
        return List.copyOf(groupOwners.getOrDefault(groupId, List.of()));
    }

    /** Ids of the group's direct members. */
    public List<String> groupMembers(String groupId) {
        return List.copyOf(groupMembers.getOrDefault(groupId, List.of()));
    }

    public List<ObjectNode> servicePrincipals() {
        return new ArrayList<>(servicePrincipals.values());
    }

    public Optional<ObjectNode> servicePrincipalByAppId(String appId) {
        return servicePrincipals.values().stream().filter(sp -> sp.path("appId").asText().equalsIgnoreCase(appId))
                .findFirst();
    }

    /** An Exchange Online configuration object by its cmdlet noun ({@code AdminAuditLogConfig}), if the tenant has it. */
    public java.util.Optional<ObjectNode> exchangeObject(String noun) {
        return exchangeObjects.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(noun))
                .map(Map.Entry::getValue).findFirst();
    }

    public List<ObjectNode> permissionGrants() {
        return new ArrayList<>(permissionGrants.values());
    }

    public List<ObjectNode> appRoleAssignments() {
        return new ArrayList<>(appRoleAssignments.values());
    }

    /** Seeded Graph collections the emulator serves as data (policies, risk detections, …), by collection path. */
    public Optional<ObjectNode> collection(String path) {
        return Optional.ofNullable(extraCollections.get(path));
    }

    long nextChange() {
        return ++changeCounter;
    }

    public long changeCounter() {
        return changeCounter;
    }
}
