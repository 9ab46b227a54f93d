package dev.tenantry.portal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void eachKindHasAStableUrnTypeAndItsStatus() {
        Problem problem = Problem.of(Problem.Kind.PAYLOAD_TOO_LARGE, "too big", "/api/tenants", "c-1");

        assertEquals("urn:tenantry:problem:payload-too-large", problem.type());
        assertEquals(413, problem.status());
        assertEquals("/api/tenants", problem.instance());
        assertEquals("c-1", problem.correlationId());
    }

    @Test
    void aBareStatusMapsToItsKindAndUnknownOnesToTheirClass() {
        assertEquals(Problem.Kind.NOT_FOUND, Problem.Kind.of(404));
        assertEquals(Problem.Kind.TOO_MANY_REQUESTS, Problem.Kind.of(429));
        assertEquals(Problem.Kind.BAD_REQUEST, Problem.Kind.of(418));
        assertEquals(Problem.Kind.UNAVAILABLE, Problem.Kind.of(503), "the database out of reach, say");
        assertEquals(Problem.Kind.SERVER_ERROR, Problem.Kind.of(502));
    }

    @Test
    void aChangeRefusedBecauseTheRowChangedMeanwhileIsAConflictThatSaysSo() {
        RuntimeException commit = new RuntimeException("ARJUNA016053: Could not commit transaction.",
                new jakarta.persistence.OptimisticLockException("Row was updated or deleted by another transaction"));

        Problem problem = ProblemMapper.problem(commit, "PATCH", "/api/tenants/t-1", "c-2", java.util.List.of());

        assertEquals(409, problem.status());
        assertEquals(dev.tenantry.portal.web.ConcurrentChange.MESSAGE, problem.detail());
        assertEquals(500, ProblemMapper.problem(new RuntimeException("boom"), "PATCH", "/api/tenants/t-1", "c-3",
                java.util.List.of()).status(), "any other failure is not told as a conflict");
    }
}
