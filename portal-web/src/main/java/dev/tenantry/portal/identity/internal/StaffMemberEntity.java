package dev.tenantry.portal.identity.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A row of {@code staff_member}. */
@Entity
@Table(name = "staff_member")
public class StaffMemberEntity {

    @Id
    @Column(name = "object_id", length = 64)
    private String objectId;

    @Column(name = "user_principal_name", nullable = false, length = 320, unique = true)
    private String userPrincipalName;

    @Column(name = "display_name", length = 256)
    private String displayName;

    @Column(name = "member_groups", length = 8000)
    private String groups;

    @Column(name = "groups_overage", nullable = false)
    private boolean groupsOverage;

    @Column(name = "first_sign_in", nullable = false, updatable = false)
    private Instant firstSignIn;

    @Column(name = "last_sign_in", nullable = false)
    private Instant lastSignIn;

    @Version
    private long version;

    protected StaffMemberEntity() {
    }

    StaffMemberEntity(String objectId, Instant now) {
        this.objectId = objectId;
        this.firstSignIn = now;
    }

    void signedIn(String name, String display, String memberGroups, boolean overage, Instant now) {
        userPrincipalName = name;
        displayName = display;
        groups = memberGroups;
        groupsOverage = overage;
        lastSignIn = now;
    }

    String objectId() {
        return objectId;
    }

    String userPrincipalName() {
        return userPrincipalName;
    }

    String displayName() {
        return displayName;
    }

    String groups() {
        return groups;
    }

    boolean groupsOverage() {
        return groupsOverage;
    }

    Instant firstSignIn() {
        return firstSignIn;
    }

    Instant lastSignIn() {
        return lastSignIn;
    }
}
