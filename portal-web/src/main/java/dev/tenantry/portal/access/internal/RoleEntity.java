package dev.tenantry.portal.access.internal;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

/** A row of {@code portal_role} with its permissions ({@code role_permission}). */
@Entity
@Table(name = "portal_role")
public class RoleEntity {

    @Id
    private String id;

    @Column(nullable = false, unique = true, length = 100)
    private String name;

    @Column(length = 500)
    private String description;

    @Column(name = "built_in", nullable = false)
    private boolean builtIn;

    @Column(nullable = false, length = 100)
    private String source;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "role_permission", joinColumns = @JoinColumn(name = "role_id"))
    @Column(name = "permission", nullable = false, length = 128)
    private Set<String> permissions = new HashSet<>();

    @jakarta.persistence.Version
    private long version;

    protected RoleEntity() {
    }

    RoleEntity(String id, String name, String description, boolean builtIn, String source, Set<String> permissions) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.builtIn = builtIn;
        this.source = source;
        this.permissions = new HashSet<>(permissions);
    }

    void describe(String newName, String newDescription, Set<String> newPermissions) {
        name = newName;
        description = newDescription;
        permissions.clear();
        permissions.addAll(newPermissions);
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    boolean builtIn() {
        return builtIn;
    }

    String source() {
        return source;
    }

    Set<String> permissions() {
        return permissions;
    }

    long version() {
        return version;
    }
}
