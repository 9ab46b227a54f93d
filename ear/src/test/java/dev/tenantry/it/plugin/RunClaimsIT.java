package dev.tenantry.it.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.plugin.RunClaims;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Run claims in the database: one holder at a time, whoever asks, until given back or the lease runs out. */
@ExtendWith(ArquillianExtension.class)
class RunClaimsIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(RunClaimsIT.class);
    }

    @Inject
    RunClaims claims;

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Test
    void manyAskingAtOnceOneHoldsTheClaimUntilItIsGivenBack() throws Exception {
        String tenant = UUID.randomUUID().toString();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<String>>> asks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            asks.add(executor.submit(() -> {
                go.await();
                return claims.take("it-claims", tenant, "poll", Duration.ofMinutes(5));
            }));
        }
        go.countDown();
        List<String> holders = new ArrayList<>();
        for (Future<Optional<String>> ask : asks) {
            ask.get().ifPresent(holders::add);
        }

        assertEquals(1, holders.size(), "one of six asking at the same moment holds it");
        assertTrue(claims.take("it-claims", tenant, "poll", Duration.ofMinutes(5)).isEmpty());
        assertTrue(claims.take("it-claims", tenant, "job:other", Duration.ofMinutes(5)).isPresent(),
                "another key is another claim");
        claims.giveBack("it-claims", tenant, "poll", "not-the-holder");
        assertTrue(claims.take("it-claims", tenant, "poll", Duration.ofMinutes(5)).isEmpty(),
                "only its holder gives it back");
        claims.giveBack("it-claims", tenant, "poll", holders.get(0));
        assertTrue(claims.take("it-claims", tenant, "poll", Duration.ofMinutes(5)).isPresent());
    }

    @Test
    void aClaimWhoseHolderDiedLapsesWithItsLease() throws Exception {
        String tenant = UUID.randomUUID().toString();
        assertTrue(claims.take("it-claims", tenant, "poll", Duration.ofMinutes(5)).isPresent());
        transaction.begin();
        entityManager.createQuery("update RunClaimEntity c set c.leaseUntil = :past where c.tenantId = :tenant")
                .setParameter("past", Instant.now().minusSeconds(1)).setParameter("tenant", tenant).executeUpdate();
        transaction.commit();

        assertTrue(claims.take("it-claims", tenant, "poll", Duration.ofMinutes(5)).isPresent(),
                "a server that stopped mid-run does not hold it for ever");
        assertThrows(IllegalArgumentException.class, () -> claims.take("it-claims", tenant, "poll",
                Duration.ofSeconds(5)));
        assertEquals(Optional.of("ran"), claims.exclusively("it-claims", UUID.randomUUID().toString(), "poll",
                Duration.ofMinutes(1), () -> "ran"));
    }
}
