package dev.tenantry.it.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.HttpSignIn;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditRecord;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-ins leave audit records: this test runs inside the server, signs in over HTTP as a browser would (portal →
 * emulator → portal), then reads the audit log.
 */
@ExtendWith(ArquillianExtension.class)
class SignInAuditIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(SignInAuditIT.class, HttpSignIn.class);
    }

    @Inject
    AuditLog auditLog;

    @Test
    void anOwnersSignInIsAuditedAsASuccessWithTheRoles() throws Exception {
        HttpSignIn.signIn("alex.morgan@northwind-msp.example");

        AuditRecord record = latestSignIn("alex.morgan@northwind-msp.example");
        assertEquals(Outcome.SUCCESS, record.event().outcome());
        assertEquals("owner,staff", record.details().get("roles"));
        assertEquals("4b2d7e91-6c3a-4f0e-8a5d-2c9b1e7f3a10", record.event().tenantId(), "the MSP tenant");
    }

    @Test
    void aSignInWithoutAccessIsAuditedAsDenied() throws Exception {
        HttpSignIn.signIn("robin.chen@northwind-msp.example");

        assertEquals(Outcome.DENIED, latestSignIn("robin.chen@northwind-msp.example").event().outcome());
    }

    private AuditRecord latestSignIn(String user) {
        return auditLog.latest(100).stream()
                .filter(record -> record.event().action().equals("auth.sign-in") && record.event().actor().equals(user))
                .findFirst().orElseThrow(() -> new AssertionError("no auth.sign-in record for " + user));
    }
}
