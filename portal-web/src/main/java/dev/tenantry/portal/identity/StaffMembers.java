package dev.tenantry.portal.identity;

import dev.tenantry.portal.identity.internal.JpaStaffMembers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is who among the staff: each Entra object id bound to the one user principal name it signed in with last. A user
 * name is mutable and reusable, the object id is neither, so the binding tells a renamed member of staff (same id, new
 * name) from a new person given a former colleague's name (new id, same name).
 */
@ApplicationScoped
public class StaffMembers {

    @Inject
    JpaStaffMembers store;

    /**
     * What a sign-in changed in the binding of names to object ids.
     *
     * @param renamedFrom      the user name this object id had before, if it signed in with another one now
     * @param takenFromObjectId the object id that held this user name before, if it now belongs to someone else
     */
    public record Binding(StaffMember member, String renamedFrom, String takenFromObjectId) {
    }

    /** Records a sign-in: binds the user name to the object id, and keeps the groups it listed. */
    @Transactional(TxType.REQUIRED)
    public Binding signedIn(String objectId, String userPrincipalName, String displayName, List<String> groups,
            boolean groupsOverage) {
        if (objectId == null || objectId.isBlank()) {
            throw new IllegalArgumentException("A sign-in without an object id (oid) cannot be bound to a person");
        }
        String name = userPrincipalName.toLowerCase(Locale.ROOT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String takenFrom = null;
        Optional<StaffMember> holder = store.byUserPrincipalName(name);
        if (holder.isPresent() && !holder.get().objectId().equals(objectId)) {
            takenFrom = holder.get().objectId();
            store.release(takenFrom);
        }
        Optional<StaffMember> known = store.find(objectId);
        String renamedFrom = known.map(StaffMember::userPrincipalName).filter(before -> !before.equals(name))
                .orElse(null);
        StaffMember member = store.save(objectId, name, displayName, groups, groupsOverage, now);
        return new Binding(member, renamedFrom, takenFrom);
    }

    /** The member of staff a user name is bound to now. */
    @Transactional(TxType.SUPPORTS)
    public Optional<StaffMember> byUserPrincipalName(String userPrincipalName) {
        return userPrincipalName == null ? Optional.empty()
                : store.byUserPrincipalName(userPrincipalName.toLowerCase(Locale.ROOT));
    }
}
