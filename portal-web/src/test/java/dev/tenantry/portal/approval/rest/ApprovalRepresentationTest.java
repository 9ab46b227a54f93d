package dev.tenantry.portal.approval.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalRequest.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's list cuts a parameter of a million characters; one request has it whole. */
class ApprovalRepresentationTest {

    private static ApprovalRequest request(Map<String, String> parameters) {
        Instant now = Instant.now();
        return new ApprovalRequest("r1", "plugin.tenant-action", "t1", parameters, "Offboard users", "Leavers",
                "tech@msp.example", now, now.plus(Duration.ofDays(3)), Status.PENDING, null, null, null, null,
                List.of());
    }

    @Test
    void aListCutsALongValueAndSaysSoWhileTheRequestItselfIsWhole() {
        String long_ = "x".repeat(1_000_000);
        ApprovalRequest request = request(Map.of("action", "user-management.offboard", "parameters", long_));

        ApprovalRepresentation listed = ApprovalRepresentation.listed(request);
        ApprovalRepresentation whole = ApprovalRepresentation.of(request);

        assertFalse(listed.parametersComplete());
        assertEquals(ApprovalRepresentation.LISTED_VALUE_LENGTH, listed.parameters().get("parameters").length());
        assertEquals("user-management.offboard", listed.parameters().get("action"));
        assertTrue(whole.parametersComplete());
        assertEquals(long_, whole.parameters().get("parameters"));
    }

    @Test
    void aListShowsShortParametersWhole() {
        ApprovalRequest request = request(Map.of("user", "a@contoso.example"));

        assertTrue(ApprovalRepresentation.listed(request).parametersComplete());
        assertEquals(request.parameters(), ApprovalRepresentation.listed(request).parameters());
    }
}
