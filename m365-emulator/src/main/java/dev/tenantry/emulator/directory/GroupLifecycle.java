package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Microsoft 365 group expiration ({@code groupLifecyclePolicy}): a tenant has at most one policy, for all its Microsoft
 * 365 groups or selected ones; a group it manages expires {@code groupLifetimeInDays} after it was created or last
 * renewed ({@code expirationDateTime}, {@code renewedDateTime}), and when that passes without a renewal Entra deletes
 * it (softly: restorable from deleted items for 30 days). Every method takes the {@link Directory}'s lock.
 */
public final class GroupLifecycle {

    /** Where the tenant's policy is kept, as the collection Graph lists it. */
    static final String POLICIES = "/groupLifecyclePolicies";

    private final Directory directory;

    GroupLifecycle(Directory directory) {
        this.directory = directory;
    }

    /**
     * Sets the tenant's expiration policy: {@code managedGroupTypes} {@code All} or {@code Selected} (then only
     * {@code selectedGroupIds}), and recomputes every Microsoft 365 group's expiration.
     */
    public ObjectNode setPolicy(Tenant tenant, int lifetimeDays, String managedGroupTypes,
            List<String> selectedGroupIds, List<String> alternateNotificationEmails) {
        synchronized (directory) {
            if (lifetimeDays < 30) {
                throw new IllegalArgumentException("A group lifetime is at least 30 days (Entra's minimum)");
            }
            ObjectNode policy = Json.object().put("id", Directory.stableId(tenant.id(), "groupLifecyclePolicy"))
                    .put("groupLifetimeInDays", lifetimeDays).put("managedGroupTypes", managedGroupTypes)
                    .put("alternateNotificationEmails", String.join(";", alternateNotificationEmails));
            ArrayNode selected = policy.putArray("selectedGroupIds");
            selectedGroupIds.forEach(selected::add);
            ObjectNode collection = Json.object();
            collection.putArray("value").add(policy);
            tenant.extraCollections.put(POLICIES, collection);
            tenant.groups.values().forEach(group -> expiration(tenant, group));
            return policy;
        }
    }

    /** The tenant's policies (none or one), as Graph lists them (without the emulator's selected group ids). */
    public List<ObjectNode> policies(Tenant tenant) {
        synchronized (directory) {
            return policy(tenant).map(policy -> {
                ObjectNode listed = policy.deepCopy();
                listed.remove("selectedGroupIds");
                return List.of(listed);
            }).orElse(List.of());
        }
    }

    /** The policies that manage the group: the tenant's, when it applies to the group. */
    public List<ObjectNode> policiesOf(Tenant tenant, String groupId) {
        synchronized (directory) {
            ObjectNode group = tenant.groups.get(groupId);
            return group != null && policy(tenant).filter(policy -> manages(policy, group)).isPresent()
                    ? policies(tenant) : List.of();
        }
    }

    /**
     * Renews a group: it expires a lifetime from now. False when no policy manages it (Microsoft refuses the renewal of
     * a group without an expiration).
     */
    public boolean renew(Tenant tenant, String groupId) {
        synchronized (directory) {
            expire(tenant);
            ObjectNode group = tenant.groups.get(groupId);
            if (group == null || policiesOf(tenant, groupId).isEmpty()) {
                return false;
            }
            group.put("renewedDateTime", directory.now().toString());
            expiration(tenant, group);
            return true;
        }
    }

    /** Deletes (softly) the Microsoft 365 groups whose expiration has passed; their ids. */
    public List<String> expire(Tenant tenant) {
        synchronized (directory) {
            // Without a policy no group has an expiration: nothing to walk (every Teams and groups read asks)
            if (policy(tenant).isEmpty()) {
                return List.of();
            }
            Instant now = directory.now();
            List<String> expired = new ArrayList<>();
            for (ObjectNode group : new ArrayList<>(tenant.groups.values())) {
                String expiration = group.path("expirationDateTime").asText(null);
                if (expiration != null && Instant.parse(expiration).isBefore(now)) {
                    expired.add(group.get("id").asText());
                }
            }
            expired.forEach(id -> directory.deleteGroup(tenant, id));
            return expired;
        }
    }

    /** Sets a group's expiration from the policy (null when none manages it). */
    void expiration(Tenant tenant, ObjectNode group) {
        Optional<ObjectNode> policy = policy(tenant).filter(managing -> manages(managing, group));
        if (policy.isEmpty()) {
            group.putNull("expirationDateTime");
            return;
        }
        String since = group.path("renewedDateTime").asText(group.path("createdDateTime").asText());
        group.put("renewedDateTime", since);
        group.put("expirationDateTime", Instant.parse(since).plus(Duration.ofDays(policy.get()
                .path("groupLifetimeInDays").asInt())).toString());
    }

    private static boolean manages(ObjectNode policy, ObjectNode group) {
        if (!Directory.isUnified(group)) {
            return false;
        }
        return switch (policy.path("managedGroupTypes").asText()) {
            case "All" -> true;
            case "Selected" -> {
                for (var id : policy.path("selectedGroupIds")) {
                    if (id.asText().equals(group.path("id").asText())) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    private static Optional<ObjectNode> policy(Tenant tenant) {
        return tenant.collection(POLICIES).map(collection -> collection.path("value"))
                .filter(value -> value.size() > 0).map(value -> (ObjectNode) value.get(0));
    }
}
