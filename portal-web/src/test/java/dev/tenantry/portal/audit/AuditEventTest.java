package dev.tenantry.portal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.portal.audit.AuditEvent.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditEventTest {

    @Test
    void carriesItsDetailsAndGetsACorrelationId() {
        AuditEvent event = AuditEvent.of("alex.morgan@northwind-msp.example", "tenant-1", "tenant.add", "Contoso",
                Outcome.SUCCESS).with("domain", "contoso.example");

        assertEquals(Map.of("domain", "contoso.example"), event.details());
        assertNotNull(event.correlationId());
        assertEquals("op-7", event.correlatedWith("op-7").correlationId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "clientSecret", "accessToken", "Authorization", "refresh_token", "code_verifier",
        "Cookie", "apiKey"})
    void refusesDetailsNamedLikeSecrets(String key) {
        AuditEvent event = AuditEvent.of("system", null, "tenant.add", null, Outcome.SUCCESS);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> event.with(key, "x"));
        assertTrue(error.getMessage().contains(key));
    }

    @Test
    void refusesAJwtHiddenInAnInnocentDetail() {
        AuditEvent event = AuditEvent.of("system", null, "consent.grant", null, Outcome.SUCCESS);

        assertThrows(IllegalArgumentException.class, () -> event.with("note",
                "got eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.sig back"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant", "Tenant.Add", "tenant add", ".add", "tenant."})
    void refusesActionsThatAreNotAreaDotVerb(String action) {
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.of("system", null, action, null, Outcome.SUCCESS));
    }
}
