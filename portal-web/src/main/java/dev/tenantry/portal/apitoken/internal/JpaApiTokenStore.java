package dev.tenantry.portal.apitoken.internal;

import dev.tenantry.portal.apitoken.ApiToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** API tokens in the portal's database, found by the hash of their secret. */
@ApplicationScoped
public class JpaApiTokenStore {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /** A stored token with the groups its owner's access was read through when it was created. */
    public record StoredToken(ApiToken token, List<String> ownerGroups) {
    }

    public ApiToken add(String id, String name, String owner, Collection<String> ownerGroups, Set<String> permissions,
            String secretHash, String hint, Instant createdAt, Instant expiresAt) {
        ApiTokenEntity entity = new ApiTokenEntity(id, name, owner,
                ownerGroups.isEmpty() ? null : String.join(",", ownerGroups),
                String.join(",", permissions.stream().sorted().toList()), secretHash, hint, createdAt, expiresAt);
        entityManager.persist(entity);
        return toToken(entity);
    }

    public Optional<StoredToken> findBySecretHash(String secretHash) {
        return entityManager.createQuery("select t from ApiTokenEntity t where t.secretHash = :hash",
                ApiTokenEntity.class).setParameter("hash", secretHash).getResultStream().findFirst()
                .map(entity -> new StoredToken(toToken(entity), split(entity.ownerGroups()).stream().toList()));
    }

    public Optional<ApiToken> find(String id) {
        return Optional.ofNullable(entityManager.find(ApiTokenEntity.class, id)).map(JpaApiTokenStore::toToken);
    }

    public void touch(String id, Instant when) {
        ApiTokenEntity entity = entityManager.find(ApiTokenEntity.class, id);
        if (entity != null) {
            entity.lastUsedAt(when);
        }
    }

    public Optional<ApiToken> revoke(String id, Instant when, String by) {
        ApiTokenEntity entity = entityManager.find(ApiTokenEntity.class, id);
        if (entity == null) {
            return Optional.empty();
        }
        if (entity.revokedAt() == null) {
            entity.revoke(when, by);
        }
        return Optional.of(toToken(entity));
    }

    /** Gives the tokens of owner {@code from} to {@code to}; how many. */
    public int moveOwner(String from, String to) {
        return entityManager.createQuery("update ApiTokenEntity t set t.owner = :to where lower(t.owner) = lower(:from)")
                .setParameter("to", to).setParameter("from", from).executeUpdate();
    }

    /** Revokes every token of {@code owner} still active; how many. */
    public int revokeAllOf(String owner, Instant when, String by) {
        List<ApiTokenEntity> active = entityManager.createQuery("select t from ApiTokenEntity t where lower(t.owner) = "
                + "lower(:owner) and t.revokedAt is null", ApiTokenEntity.class).setParameter("owner", owner).getResultList();
        active.forEach(token -> token.revoke(when, by));
        return active.size();
    }

    /** The owner's tokens, or everyone's for a null owner; newest first. */
    public List<ApiToken> list(String owner, int max) {
        String where = owner == null ? "" : " where t.owner = :owner";
        var query = entityManager.createQuery("select t from ApiTokenEntity t" + where
                + " order by t.createdAt desc, t.id", ApiTokenEntity.class).setMaxResults(max);
        if (owner != null) {
            query.setParameter("owner", owner);
        }
        return query.getResultStream().map(JpaApiTokenStore::toToken).toList();
    }

    public long activeCount(String owner, Instant now) {
        return entityManager.createQuery("select count(t) from ApiTokenEntity t where t.owner = :owner"
                + " and t.revokedAt is null and t.expiresAt > :now", Long.class)
                .setParameter("owner", owner).setParameter("now", now).getSingleResult();
    }

    private static ApiToken toToken(ApiTokenEntity entity) {
        return new ApiToken(entity.id(), entity.name(), entity.owner(), split(entity.permissions()), entity.hint(),
                entity.createdAt(), entity.expiresAt(), entity.lastUsedAt(), entity.revokedAt(), entity.revokedBy());
    }

    private static Set<String> split(String joined) {
        return joined == null || joined.isEmpty() ? Set.of()
                : Arrays.stream(joined.split(",")).collect(Collectors.toUnmodifiableSet());
    }
}
