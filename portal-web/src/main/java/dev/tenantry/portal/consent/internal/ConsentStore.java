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
    public record Attempt(String tenantId, Connection.Kind kind, String resource, Set<String> scopes,
            List<String> scopeSetIds, String verifierSealed, String startedBy, String returnTo, Instant expiresAt,
            Instant usedAt) {
    }

    @Transactional(TxType.REQUIRED)
    public void begin(String stateHash, Attempt attempt) {
        ConsentAttemptEntity row = new ConsentAttemptEntity();
        row.stateHash = stateHash;
        row.tenantId = attempt.tenantId();
        row.kind = attempt.kind().name();
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
        Attempt attempt = new Attempt(row.tenantId, Connection.Kind.valueOf(row.kind), row.resource,
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
    public Optional<Connection> connection(String tenantId, Connection.Kind kind) {
        return Optional.ofNullable(entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, kind.name()))).map(ConsentStore::view);
    }

    @Transactional(TxType.SUPPORTS)
    public List<Connection> connections(String tenantId) {
        return entityManager.createQuery("select c from ConnectionEntity c where c.tenantId = :tenant order by c.kind",
                ConnectionEntity.class).setParameter("tenant", tenantId).getResultStream().map(ConsentStore::view)
                .toList();
    }

    /** The sealed MSAL token cache of a connection. */
    @Transactional(TxType.SUPPORTS)
    public Optional<String> tokenCache(String tenantId, Connection.Kind kind) {
        return Optional.ofNullable(entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, kind.name()))).map(row -> row.tokenCacheSealed);
    }

    /** Records a connection made or renewed by signing in (or by admin consent), with what it was granted. */
    @Transactional(TxType.REQUIRES_NEW)
    public void connected(String tenantId, Connection.Kind kind, String account, String homeAccountId,
            Set<String> granted, String tokenCacheSealed, String by) {
        ConnectionEntity row = entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, kind.name()));
        if (row == null) {
            row = new ConnectionEntity(tenantId, kind.name());
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

    /** Keeps a token cache MSAL changed (a refreshed token), and when the connection was last used. */
    @Transactional(TxType.REQUIRES_NEW)
    public void used(String tenantId, Connection.Kind kind, String tokenCacheSealed, Set<String> granted) {
        ConnectionEntity row = entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, kind.name()));
        if (row != null) {
            if (tokenCacheSealed != null) {
                row.tokenCacheSealed = tokenCacheSealed;
            }
            if (granted != null && !granted.isEmpty()) {
                row.granted = String.join(" ", ResourcePermissions.merged(Words.of(row.granted), granted));
            }
            row.lastUsedAt = Instant.now();
            row.updatedAt = row.lastUsedAt;
        }
    }

    /** Tenants with a working connection of {@code kind}. */
    @Transactional(TxType.SUPPORTS)
    public List<String> connectedTenants(Connection.Kind kind) {
        return entityManager.createQuery("select c.tenantId from ConnectionEntity c where c.kind = :kind and "
                + "c.state = 'CONNECTED' order by c.tenantId", String.class).setParameter("kind", kind.name())
                .getResultList();
    }

    /** The directory object id of a delegated connection's account (from its home account id), if known. */
    @Transactional(TxType.SUPPORTS)
    public Optional<String> accountObjectId(String tenantId) {
        return Optional.ofNullable(entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, Connection.Kind.DELEGATED.name())))
                .map(row -> row.homeAccountId).filter(id -> id != null && !id.isBlank())
                .map(id -> id.contains(".") ? id.substring(0, id.indexOf('.')) : id);
    }

    /**
     * Sets what a connection holds (every resource) to what the tenant was just read to have granted it, when that
     * differs; true when it changed.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean grantedLive(String tenantId, Connection.Kind kind, Set<String> granted) {
        ConnectionEntity row = entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, kind.name()));
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
    public void needsReauthentication(String tenantId, Connection.Kind kind, String reason) {
        ConnectionEntity row = entityManager.find(ConnectionEntity.class,
                new ConnectionEntity.Key(tenantId, kind.name()));
        if (row != null) {
            row.state = "NEEDS_REAUTHENTICATION";
            row.reason = reason;
            row.tokenCacheSealed = null;
            row.updatedAt = Instant.now();
        }
    }

    /** The space-separated words of a column (permissions, scope sets), in order; none for null or blank. */
    private static Connection view(ConnectionEntity row) {
        return new Connection(row.tenantId, Connection.Kind.valueOf(row.kind), row.state, row.account,
                Words.of(row.granted), row.reason == null ? "" : row.reason, row.connectedBy, row.connectedAt,
                row.lastUsedAt);
    }
}
