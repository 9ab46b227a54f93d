package dev.tenantry.portal.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalPolicyTest {

    @Test
    void aChangeAcrossTenantsOrOverTheBulkThresholdNeedsASecondPerson() {
        ApprovalPolicy policy = ApprovalPolicy.of(true, 25);

        assertEquals(Optional.empty(), policy.reasonFor(1, 25));
        assertTrue(policy.reasonFor(2, 1).orElseThrow().contains("2 tenants"));
        assertTrue(policy.reasonFor(1, 26).orElseThrow().contains("26 items"));
    }

    @Test
    void eachRuleCanBeSwitchedOff() {
        assertEquals(Optional.empty(), ApprovalPolicy.of(false, -1).reasonFor(40, 10_000));
        assertEquals(Optional.empty(), ApprovalPolicy.of(false, 25).reasonFor(40, 3));
    }

    @Test
    void negativeCountsAreAMistake() {
        assertThrows(IllegalArgumentException.class, () -> ApprovalPolicy.of(true, 25).reasonFor(-1, 0));
    }
}
