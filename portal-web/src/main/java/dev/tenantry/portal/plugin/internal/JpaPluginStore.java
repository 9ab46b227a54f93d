package dev.tenantry.portal.plugin.internal;

import dev.tenantry.portal.plugin.PluginRecord;
import dev.tenantry.portal.plugin.PluginStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The plugin records in the portal's database. */
@ApplicationScoped
public class JpaPluginStore {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    public Optional<PluginRecord> find(String id) {
        return Optional.ofNullable(entityManager.find(PluginInstallEntity.class, id)).map(JpaPluginStore::toRecord);
    }

    public List<PluginRecord> all() {
        return entityManager.createQuery("select p from PluginInstallEntity p order by p.displayName, p.id",
                PluginInstallEntity.class).getResultStream().map(JpaPluginStore::toRecord).toList();
    }

    public PluginRecord discovered(String id, String version, String displayName, String sha256, Instant now) {
        PluginInstallEntity entity = new PluginInstallEntity(id, version, displayName, sha256,
                PluginStatus.PENDING_REVIEW.name(), now);
        entityManager.persist(entity);
        return toRecord(entity);
    }

    public PluginRecord found(String id, String version, String displayName, String sha256, PluginStatus status,
            Instant now) {
        PluginInstallEntity entity = entityManager.find(PluginInstallEntity.class, id);
        entity.found(version, displayName, sha256, now);
        entity.status(status.name(), now);
        return toRecord(entity);
    }

    public PluginRecord status(String id, PluginStatus status, Instant now) {
        PluginInstallEntity entity = entityManager.find(PluginInstallEntity.class, id);
        entity.status(status.name(), now);
        return toRecord(entity);
    }

    /** Approves the jar last found (with {@code sha256}, checked) and gives the plugin {@code status}. */
    public PluginRecord approve(String id, String sha256, String manifestJson, String by, PluginStatus status,
            Instant now) {
        PluginInstallEntity entity = entityManager.find(PluginInstallEntity.class, id);
        if (!sha256.equals(entity.jarSha256())) {
            throw new IllegalStateException("The jar of " + id + " changed since it was found; scan and review again");
        }
        entity.approve(manifestJson, by, now);
        entity.status(status.name(), now);
        return toRecord(entity);
    }

    /** Pins the approval of a record made before approvals pinned jars to the jar now found. */
    public PluginRecord pin(String id, String sha256, Instant now) {
        PluginInstallEntity entity = entityManager.find(PluginInstallEntity.class, id);
        entity.pin(sha256, now);
        return toRecord(entity);
    }

    /** Plugin id → the tenants it is switched off in. */
    public java.util.Map<String, java.util.Set<String>> switchedOff() {
        java.util.Map<String, java.util.Set<String>> off = new java.util.HashMap<>();
        entityManager.createQuery("select o from PluginTenantOffEntity o", PluginTenantOffEntity.class)
                .getResultStream().forEach(row -> off.computeIfAbsent(row.pluginId(), id -> new java.util.HashSet<>())
                        .add(row.tenantId()));
        return off;
    }

    /** Switches a plugin off (or back on) in a tenant; whether anything changed. */
    public boolean switchInTenant(String pluginId, String tenantId, boolean on, String by, Instant now) {
        PluginTenantOffEntity row = entityManager.find(PluginTenantOffEntity.class,
                new PluginTenantOffEntity.Key(pluginId, tenantId));
        if (on && row != null) {
            entityManager.remove(row);
            return true;
        }
        if (!on && row == null) {
            entityManager.persist(new PluginTenantOffEntity(pluginId, tenantId, by, now));
            return true;
        }
        return false;
    }

    private static PluginRecord toRecord(PluginInstallEntity entity) {
        return new PluginRecord(entity.id(), entity.version(), entity.displayName(),
                PluginStatus.valueOf(entity.status()), entity.approvedVersion(), entity.approvedManifest(),
                entity.approvedBy(), entity.approvedAt(), entity.discoveredAt(), entity.jarSha256(),
                entity.approvedSha256());
    }
}
