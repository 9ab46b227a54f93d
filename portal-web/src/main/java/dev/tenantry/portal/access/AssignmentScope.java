package dev.tenantry.portal.access;

import java.util.List;
import java.util.Set;

/**
 * Where an assignment applies: every tenant, the listed tenant ids, or the tenants carrying one of the listed tags
 * (so a tenant tagged later is covered from then on).
 *
 * @param values tenant ids for {@link Kind#TENANTS}, tags for {@link Kind#TAG}, none for {@link Kind#ALL}
 */
public record AssignmentScope(Kind kind, Set<String> values) {

    public enum Kind { ALL, TENANTS, TAG }

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public AssignmentScope {
        values = Set.copyOf(values);
        if (kind != Kind.ALL && values.isEmpty()) {
            throw new IllegalArgumentException("An assignment to listed tenants or to a tag needs at least one of them");
        }
        if (kind == Kind.ALL && !values.isEmpty()) {
            throw new IllegalArgumentException("An assignment to all tenants lists none");
        }
        if (kind == Kind.TAG && values.stream().anyMatch(tag -> !TAG.matcher(tag).matches())) {
            throw new IllegalArgumentException("Tags are up to 40 lower-case letters, digits or dashes");
        }
    }

    public static AssignmentScope allTenants() {
        return new AssignmentScope(Kind.ALL, Set.of());
    }

    public static AssignmentScope tenants(String... ids) {
        return new AssignmentScope(Kind.TENANTS, Set.copyOf(List.of(ids)));
    }

    public static AssignmentScope tagged(String... tags) {
        return new AssignmentScope(Kind.TAG, Set.copyOf(List.of(tags)));
    }

    /** The scope as text, {@code KIND} or {@code KIND:value,value} (values sorted), as audit records and requests keep it. */
    public String encoded() {
        return kind + (values.isEmpty() ? "" : ":" + String.join(",", values.stream().sorted().toList()));
    }

    /** The scope that {@link #encoded()} wrote; refuses what it could not have written. */
    public static AssignmentScope parse(String encoded) {
        String[] parts = encoded.split(":", 2);
        Set<String> values = parts.length < 2 ? Set.of() : Set.copyOf(List.of(parts[1].split(",")));
        return new AssignmentScope(Kind.valueOf(parts[0]), values);
    }

    /**
     * Whether the assignment covers the tenant, which carries {@code tenantTags}; portal-wide questions
     * ({@code null}) need all tenants.
     */
    public boolean covers(String tenantId, Set<String> tenantTags) {
        return switch (kind) {
            case ALL -> true;
            case TENANTS -> tenantId != null && values.contains(tenantId);
            case TAG -> tenantId != null && tenantTags.stream().anyMatch(values::contains);
        };
    }
}
