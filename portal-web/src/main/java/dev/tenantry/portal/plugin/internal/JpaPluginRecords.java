package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginRecords.Entry;
import dev.tenantry.plugin.api.PluginRecords.Versioned;
import dev.tenantry.plugin.api.RecordConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Plugin records in the portal's database, always by plugin id first: a plugin's service instance is bound to its
 * id, so no plugin reaches another's records. Kinds and keys are checked, bodies limited.
 */
@ApplicationScoped
public class JpaPluginRecords {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final String NONE = "";

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @Transactional(TxType.REQUIRED)
    public void put(String pluginId, String tenantId, String kind, String key, String json) {
        check(kind, key);
        if (json == null || json.length() > PluginRecords.MAX_CHARS) {
            throw new IllegalArgumentException("A plugin record holds 1 to " + PluginRecords.MAX_CHARS + " characters");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        PluginRecordEntity existing = entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key));
        if (existing == null) {
            entityManager.persist(new PluginRecordEntity(pluginId, tenant(tenantId), kind, key, json, now));
        } else {
            existing.replace(json, now);
        }
    }

    /**
     * Writes the record only if it is at {@code version} (0: only if there is none), in one statement that only one of
     * several writers can win.
     *
     * @throws RecordConflictException when it is at another version
     */
    @Transactional(TxType.REQUIRED)
    public void replace(String pluginId, String tenantId, String kind, String key, String json, long version) {
        check(kind, key);
        if (json == null || json.length() > PluginRecords.MAX_CHARS) {
            throw new IllegalArgumentException("A plugin record holds 1 to " + PluginRecords.MAX_CHARS + " characters");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (version == 0) {
            if (entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key)) != null) {
                throw conflict(kind, key);
            }
            entityManager.persist(new PluginRecordEntity(pluginId, tenant(tenantId), kind, key, json, now));
            try {
                entityManager.flush();
            } catch (jakarta.persistence.PersistenceException e) {
                throw conflict(kind, key);
            }
            return;
        }
        int written = entityManager.createQuery("update PluginRecordEntity r set r.body = :body, r.updatedAt = :now, "
                        + "r.version = r.version + 1 where r.pluginId = :plugin and r.tenantId = :tenant and "
                        + "r.kind = :kind and r.key = :key and r.version = :version")
                .setParameter("body", json).setParameter("now", now).setParameter("plugin", pluginId)
                .setParameter("tenant", tenant(tenantId)).setParameter("kind", kind).setParameter("key", key)
                .setParameter("version", version).executeUpdate();
        if (written == 0) {
            throw conflict(kind, key);
        }
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Versioned> getVersioned(String pluginId, String tenantId, String kind, String key) {
        check(kind, key);
        return Optional.ofNullable(entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key)))
                .map(row -> new Versioned(row.body(), row.version()));
    }

    private static RecordConflictException conflict(String kind, String key) {
        return new RecordConflictException("The " + kind + " record " + key + " was changed by someone else since it "
                + "was read; nothing was written");
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<String> get(String pluginId, String tenantId, String kind, String key) {
        check(kind, key);
        return Optional.ofNullable(entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key)))
                .map(PluginRecordEntity::body);
    }

    @Transactional(TxType.SUPPORTS)
    public List<Entry> list(String pluginId, String tenantId, String kind, int first, int max) {
        check(kind, "x");
        if (first < 0 || max < 1 || max > 500) {
            throw new IllegalArgumentException("A page of records starts at 0 or later and holds 1 to 500");
        }
        return entityManager.createQuery("select r from PluginRecordEntity r where r.pluginId = :plugin and "
                        + "r.tenantId = :tenant and r.kind = :kind order by r.updatedAt desc, r.key",
                        PluginRecordEntity.class)
                .setParameter("plugin", pluginId).setParameter("tenant", tenant(tenantId)).setParameter("kind", kind)
                .setFirstResult(first).setMaxResults(max).getResultStream()
                .map(row -> new Entry(row.key(), row.body(), row.updatedAt())).toList();
    }

    @Transactional(TxType.SUPPORTS)
    public long count(String pluginId, String tenantId, String kind) {
        check(kind, "x");
        return entityManager.createQuery("select count(r) from PluginRecordEntity r where r.pluginId = :plugin and "
                        + "r.tenantId = :tenant and r.kind = :kind", Long.class)
                .setParameter("plugin", pluginId).setParameter("tenant", tenant(tenantId)).setParameter("kind", kind)
                .getSingleResult();
    }

    @Transactional(TxType.REQUIRED)
    public boolean delete(String pluginId, String tenantId, String kind, String key) {
        check(kind, key);
        PluginRecordEntity existing = entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key));
        if (existing == null) {
            return false;
        }
        entityManager.remove(existing);
        return true;
    }

    /** What plugins kept about a removed tenant goes with it, every plugin's. */
    @Transactional(TxType.REQUIRED)
    void forget(@jakarta.enterprise.event.Observes dev.tenantry.portal.tenant.TenantRemoved removed) {
        entityManager.createQuery("delete from PluginRecordEntity r where r.tenantId = :tenant")
                .setParameter("tenant", removed.tenantId()).executeUpdate();
    }

    private static PluginRecordEntity.Key id(String pluginId, String tenantId, String kind, String key) {
        return new PluginRecordEntity.Key(pluginId, tenant(tenantId), kind, key);
    }

    private static String tenant(String tenantId) {
        return tenantId == null ? NONE : tenantId;
    }

    private static void check(String kind, String key) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("A record kind is lower-case letters, digits and dashes, not '" + kind
                    + "'");
        }
        if (key == null || key.isEmpty() || key.length() > 200) {
            throw new IllegalArgumentException("A record key holds 1 to 200 characters");
        }
    }
}
