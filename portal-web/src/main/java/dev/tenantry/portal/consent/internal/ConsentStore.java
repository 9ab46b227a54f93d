package dev.tenantry.portal.consent.internal;

import dev.tenantry.portal.consent.Connection;
import dev.tenantry.portal.consent.ResourcePermissions;
import dev.tenantry.portal.persistence.Words;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Tenant connections and authorization requests in flight, in the database. */
@ApplicationScoped
public class ConsentStore {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /** An authorization request in flight, as the callback needs it. */
    public record Attempt(String tenantId, Connection.Key key, String resource, Set<String> scopes,
            List<String> scopeSetIds, String verifierSealed, String startedBy, String returnTo, Instant expiresAt,
            Instant usedAt) {
    }

    @Transactional(TxType.REQUIRED)
    public void begin(String stateHash, Attempt attempt) {
        ConsentAttemptEntity row = new ConsentAttemptEntity();
        row.stateHash = stateHash;
        row.tenantId = attempt.tenantId();
        row.kind = attempt.key().column();
        row.resource = attempt.resource();
        row.scopes = String.join(" ", attempt.scopes());
        row.scopeSetIds = String.join(",", attempt.scopeSetIds());
        row.verifierSealed = attempt.verifierSealed();
        row.startedBy = attempt.startedBy();
        row.returnTo = attempt.returnTo();
        row.createdAt = Instant.now();
        row.expiresAt = attempt.expiresAt();
        entityManager.persist(row);
    }

    /**
     * Takes the attempt for a state, once: it is marked used in the same transaction, so a replayed state finds it
     * used. Empty when no attempt has that state.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Attempt> take(String stateHash) {
        ConsentAttemptEntity row = entityManager.find(ConsentAttemptEntity.class, stateHash,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return Optional.empty();
        }
        Attempt attempt = new Attempt(row.tenantId, Connection.Key.parse(row.kind), row.resource,
                new LinkedHashSet<>(Arrays.asList(row.scopes.split(" "))),
                row.scopeSetIds.isEmpty() ? List.of() : List.of(row.scopeSetIds.split(",")), row.verifierSealed,
                row.startedBy, row.returnTo, row.expiresAt, row.usedAt);
        if (row.usedAt == null) {
            row.usedAt = Instant.now();
            row.verifierSealed = null;
        }
        return Optional.of(attempt);
    }

    /** A removed tenant's connections and their tokens go with it. */
    @Transactional(TxType.REQUIRED)
    void forget(@jakarta.enterprise.event.Observes dev.tenantry.portal.tenant.TenantRemoved removed) {
        entityManager.createQuery("delete from ConnectionEntity c where c.tenantId = :tenant")
                .setParameter("tenant", removed.tenantId()).executeUpdate();
        entityManager.createQuery("delete from ConsentAttemptEntity a where a.tenantId = :tenant")
                .setParameter("tenant", removed.tenantId()).executeUpdate();
    }

    /** Forgets attempts that expired more than a day ago. */
    @Transactional(TxType.REQUIRES_NEW)
    public int forgetOld() {
        return entityManager.createQuery("delete from ConsentAttemptEntity a where a.expiresAt < :before")
                .setParameter("before", Instant.now().minusSeconds(86_400)).executeUpdate();
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Connection> connection(String tenantId, Connection.Key kind) {
        return Optional.ofNullable(entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, kind.column()))).map(ConsentStore::view);
    }

    @Transactional(TxType.SUPPORTS)
    /** The connections of these tenants, in one query; a tenant without any is absent. */
    public java.util.Map<String, List<Connection>> connections(java.util.Collection<String> tenantIds) {
        java.util.Map<String, List<Connection>> found = new java.util.HashMap<>();
        if (!tenantIds.isEmpty()) {
            entityManager.createQuery("select c from ConnectionEntity c where c.tenantId in :tenants order by c.kind",
                    ConnectionEntity.class).setParameter("tenants", tenantIds).getResultStream()
                    .forEach(row -> found.computeIfAbsent(row.tenantId, id -> new java.util.ArrayList<>())
                            .add(view(row)));
        }
        return found;
    }

    public List<Connection> connections(String tenantId) {
        return entityManager.createQuery("select c from ConnectionEntity c where c.tenantId = :tenant order by c.kind",
                ConnectionEntity.class).setParameter("tenant", tenantId).getResultStream().map(ConsentStore::view)
                .toList();
    }

    /** The sealed MSAL token cache of a connection. */
    /**
     * A connection's sealed token cache as it is now in the database, with what a write made from it must find
     * unchanged: its version, and when it was connected (a new sign-in or admin consent makes a new connection).
     * Read with a query of columns, not through the persistence context, so that a caller inside a transaction that
     * already read the row sees what another transaction committed since.
     *
     * @param granted what the connection holds (every resource), as connections record permissions
     */
    public record SealedCache(String sealed, long version, Instant connectedAt, Set<String> granted) {

        /** Whether this is still the connection {@code before} was read from (no new sign-in, not parked). */
        public boolean sameConnectionAs(SealedCache before) {
            return java.util.Objects.equals(connectedAt, before.connectedAt);
        }
    }

    /** The connection's sealed token cache, when it is connected and holds one. */
    @Transactional(TxType.SUPPORTS)
    public Optional<SealedCache> tokenCache(String tenantId, Connection.Key kind) {
        return entityManager.createQuery("select c.tokenCacheSealed, c.version, c.connectedAt, c.granted from "
                + "ConnectionEntity c where c.tenantId = :tenant and c.kind = :kind and c.state = 'CONNECTED' and "
                + "c.tokenCacheSealed is not null", Object[].class).setParameter("tenant", tenantId)
                .setParameter("kind", kind.column()).getResultStream().findFirst()
                .map(row -> new SealedCache((String) row[0], ((Number) row[1]).longValue(), (Instant) row[2],
                        Words.of((String) row[3])));
    }

    /** Where a connection's row is: its version, which every write moves, and when it was connected. */
    public record RowVersion(long version, Instant connectedAt) {
    }

    /**
     * The version of a connected connection's row that holds a token cache, without the cache: one indexed row, two
     * columns, for a node that holds the cache in memory to tell whether someone wrote it since. Empty when it is not
     * connected or holds no tokens.
     */
    @Transactional(TxType.SUPPORTS)
    public Optional<RowVersion> tokenCacheVersion(String tenantId, Connection.Key kind) {
        return entityManager.createQuery("select c.version, c.connectedAt from ConnectionEntity c where "
                + "c.tenantId = :tenant and c.kind = :kind and c.state = 'CONNECTED' and c.tokenCacheSealed is not "
                + "null", Object[].class).setParameter("tenant", tenantId).setParameter("kind", kind.column())
                .getResultStream().findFirst()
                .map(row -> new RowVersion(((Number) row[0]).longValue(), (Instant) row[1]));
    }

    /**
     * Writes a token cache MSAL changed (a refreshed token), and what the connection holds, only if the connection is
     * still at {@code readVersion}: a refresh that read the cache before someone else wrote it (another refresh, a new
     * sign-in, the connection parked) must not write its copy over theirs. One conditional statement, so two writers
     * can never both succeed.
     *
     * @param tokenCacheSealed the new sealed cache; null keeps the one stored
     * @return true when written; false when the connection changed meanwhile (read it again and decide)
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean replaceTokenCache(String tenantId, Connection.Key kind, long readVersion, String tokenCacheSealed,
            Set<String> granted) {
        Instant now = Instant.now();
        jakarta.persistence.Query update = entityManager.createQuery("update ConnectionEntity c set "
                + (tokenCacheSealed == null ? "" : "c.tokenCacheSealed = :sealed, ")
                + "c.granted = :granted, c.lastUsedAt = :now, c.updatedAt = :now, c.version = c.version + 1 "
                + "where c.tenantId = :tenant and c.kind = :kind and c.version = :version and c.state = 'CONNECTED'")
                .setParameter("tenant", tenantId).setParameter("kind", kind.column())
                .setParameter("version", readVersion).setParameter("now", now)
                .setParameter("granted", String.join(" ", new java.util.TreeSet<>(granted)));
        if (tokenCacheSealed != null) {
            update.setParameter("sealed", tokenCacheSealed);
        }
        return update.executeUpdate() == 1;
    }

    /**
     * Notes that a connection was used, when it was last noted over a minute ago: a token served from the cache
     * changes nothing else, and a busy tenant must not rewrite its connection row on every request.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void touched(String tenantId, Connection.Key kind) {
        Instant now = Instant.now();
        entityManager.createQuery("update ConnectionEntity c set c.lastUsedAt = :now where c.tenantId = :tenant and "
                + "c.kind = :kind and (c.lastUsedAt is null or c.lastUsedAt < :minuteAgo)")
                .setParameter("tenant", tenantId).setParameter("kind", kind.column()).setParameter("now", now)
                .setParameter("minuteAgo", now.minusSeconds(60)).executeUpdate();
    }

    /** Records a connection made or renewed by signing in (or by admin consent), with what it was granted. */
    @Transactional(TxType.REQUIRES_NEW)
    public void connected(String tenantId, Connection.Key kind, String account, String homeAccountId,
            Set<String> granted, String tokenCacheSealed, String by) {
        ConnectionEntity row = locked(tenantId, kind);
        if (row == null) {
            row = new ConnectionEntity(tenantId, kind.column());
            entityManager.persist(row);
        }
        Instant now = Instant.now();
        // The same account consenting for another resource keeps what it holds of the others
        boolean sameAccount = homeAccountId != null && homeAccountId.equals(row.homeAccountId)
                && "CONNECTED".equals(row.state);
        row.state = "CONNECTED";
        row.account = account;
        row.homeAccountId = homeAccountId;
        row.granted = String.join(" ", sameAccount ? ResourcePermissions.merged(Words.of(row.granted), granted)
                : new java.util.TreeSet<>(granted));
        if (tokenCacheSealed != null) {
            row.tokenCacheSealed = tokenCacheSealed;
        }
        row.reason = null;
        row.connectedBy = by;
        row.connectedAt = now;
        row.updatedAt = now;
    }

    /** Tenants with a working connection of {@code kind}. */
    @Transactional(TxType.SUPPORTS)
    public List<String> connectedTenants(Connection.Key kind) {
        return entityManager.createQuery("select c.tenantId from ConnectionEntity c where c.kind = :kind and "
                + "c.state = 'CONNECTED' order by c.tenantId", String.class).setParameter("kind", kind.column())
                .getResultList();
    }

    /** The directory object id of a delegated connection's account (from its home account id), if known. */
    @Transactional(TxType.SUPPORTS)
    public Optional<String> accountObjectId(String tenantId) {
        return accountObjectId(tenantId, Connection.Key.DELEGATED);
    }

    /** The directory object id of the account of a delegated connection (a plugin's account too), if known. */
    @Transactional(TxType.SUPPORTS)
    public Optional<String> accountObjectId(String tenantId, Connection.Key key) {
        return Optional.ofNullable(entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, key.column())))
                .map(row -> row.homeAccountId).filter(id -> id != null && !id.isBlank())
                .map(id -> id.contains(".") ? id.substring(0, id.indexOf('.')) : id);
    }

    /**
     * Sets what a connection holds (every resource) to what the tenant was just read to have granted it, when that
     * differs; true when it changed.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean grantedLive(String tenantId, Connection.Key kind, Set<String> granted) {
        ConnectionEntity row = locked(tenantId, kind);
        if (row == null) {
            return false;
        }
        String now = String.join(" ", new java.util.TreeSet<>(granted));
        if (row == null || !"CONNECTED".equals(row.state) || now.equals(row.granted)) {
            return false;
        }
        row.granted = now;
        row.updatedAt = Instant.now();
        return true;
    }

    /** Marks a connection as needing its account to sign in again, with the reason; its tokens are dropped. */
    @Transactional(TxType.REQUIRES_NEW)
    public void needsReauthentication(String tenantId, Connection.Key kind, String reason) {
        ConnectionEntity row = locked(tenantId, kind);
        if (row != null) {
            row.state = "NEEDS_REAUTHENTICATION";
            row.reason = reason;
            row.tokenCacheSealed = null;
            row.updatedAt = Instant.now();
        }
    }

    /**
     * The connection's row, locked until the transaction ends: a token refresh's conditional write waits for it and
     * then finds the version changed, so the writers of a connection never overwrite each other.
     */
    private ConnectionEntity locked(String tenantId, Connection.Key kind) {
        return entityManager.find(ConnectionEntity.class, new ConnectionEntity.Key(tenantId, kind.column()),
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    /** The space-separated words of a column (permissions, scope sets), in order; none for null or blank. */
    private static Connection view(ConnectionEntity row) {
        Connection.Key key = Connection.Key.parse(row.kind);
        return new Connection(row.tenantId, key.kind(), key.accountId(), row.state, row.account,
                Words.of(row.granted), row.reason == null ? "" : row.reason, row.connectedBy, row.connectedAt,
                row.lastUsedAt);
    }
}
