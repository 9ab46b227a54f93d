package dev.tenantry.portal.access.internal;

import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment;
import jakarta.enterprise.context.RequestScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The assignments and roles one request has read, so that the many access questions a page asks while it renders
 * (each menu entry, each tenant action, each plugin model) read them once, not once per question. The store forgets
 * them whenever it writes roles or assignments; a change made by someone else in the meantime is seen by the next
 * request. Outside a request (scheduled jobs, work over several tenants) nothing is kept.
 */
@RequestScoped
public class RequestAccessReads {

    private final Map<String, List<RoleAssignment>> assignments = new HashMap<>();
    private final Map<String, Optional<Role>> roles = new HashMap<>();

    List<RoleAssignment> assignmentsOf(String user, Collection<String> groups, Supplier<List<RoleAssignment>> read) {
        String key = user.toLowerCase(java.util.Locale.ROOT) + "\n" + String.join("\n", new TreeSet<>(groups.stream()
                .map(group -> group.toLowerCase(java.util.Locale.ROOT)).toList()));
        List<RoleAssignment> known = assignments.get(key);
        if (known == null) {
            known = List.copyOf(read.get());
            assignments.put(key, known);
        }
        return known;
    }

    Optional<Role> role(String id, Function<String, Optional<Role>> read) {
        Optional<Role> known = roles.get(id);
        if (known == null) {
            known = read.apply(id);
            roles.put(id, known);
        }
        return known;
    }

    void forget() {
        assignments.clear();
        roles.clear();
    }
}
