package dev.tenantry.it.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.persistence.Datasource;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit log inside the server: Flyway's schema, the caller's transaction, and nothing but appends. */
@ExtendWith(ArquillianExtension.class)
class AuditLogIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(AuditLogIT.class);
    }

    @Inject
    AuditLog auditLog;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = Datasource.JNDI)
    DataSource dataSource;

    @Test
    void flywayMigratedTheSchemaWhenThePortalStarted() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet rows = connection.createStatement().executeQuery(
                        "select \"version\", \"success\" from \"flyway_schema_history\" where \"version\" = '1'")) {
            assertTrue(rows.next(), "V1 is in Flyway's history");
            assertTrue(rows.getBoolean("success"));
        }
    }

    @Test
    void aRecordCommitsWithTheCallersTransactionAndRollsBackWithIt() throws Exception {
        String kept = UUID.randomUUID().toString();
        String discarded = UUID.randomUUID().toString();

        transaction.begin();
        auditLog.record(AuditEvent.of("alex.morgan@northwind-msp.example", "t-1", "tenant.add", kept, Outcome.SUCCESS)
                .with("domain", "contoso.example"));
        transaction.commit();
        transaction.begin();
        auditLog.record(AuditEvent.of("alex.morgan@northwind-msp.example", "t-1", "tenant.add", discarded,
                Outcome.SUCCESS));
        transaction.rollback();

        List<AuditRecord> latest = auditLog.latest(50);
        AuditRecord record = latest.stream().filter(r -> kept.equals(r.event().target())).findFirst().orElseThrow();
        assertEquals("contoso.example", record.details().get("domain"));
        assertEquals("tenant.add", record.event().action());
        assertTrue(latest.stream().noneMatch(r -> discarded.equals(r.event().target())), "rolled back with the change");
    }

    @Test
    void anActionCannotRecordOutsideATransaction() {
        TransactionalException error = assertThrows(TransactionalException.class, () -> auditLog.record(
                AuditEvent.of("system", null, "tenant.remove", "x", Outcome.SUCCESS)));
        assertInstanceOf(jakarta.transaction.TransactionRequiredException.class, error.getCause());
    }

    @Test
    void aSecurityEventIsKeptEvenWhenTheCallersWorkRollsBack() throws Exception {
        String target = UUID.randomUUID().toString();

        transaction.begin();
        auditLog.recordSecurityEvent(AuditEvent.of("mallory@contoso.example", null, "auth.sign-in", target,
                Outcome.DENIED));
        transaction.rollback();

        assertTrue(auditLog.latest(50).stream().anyMatch(r -> target.equals(r.event().target())
                && r.event().outcome() == Outcome.DENIED));
    }
}
