package dev.tenantry.portal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionCoverageTest {

    @Test
    void broaderAccessOnTheSameResourceAndQualifierCovers() {
        assertTrue(PermissionCoverage.covers(List.of("User.ReadWrite.All"), "User.Read.All"));
        assertTrue(PermissionCoverage.covers(List.of("Mail.ReadWrite"), "Mail.Read"));
        assertTrue(PermissionCoverage.covers(List.of("User.Read.All"), "User.ReadBasic.All"));
        assertTrue(PermissionCoverage.covers(List.of("policy.read.all"), "Policy.Read.All"), "names ignore case");
    }

    @Test
    void nothingElseIsAssumed() {
        assertFalse(PermissionCoverage.covers(List.of("User.Read.All"), "User.ReadWrite.All"), "narrower");
        assertFalse(PermissionCoverage.covers(List.of("User.Read.All"), "User.Read"), "tenant-wide is not 'me'");
        assertFalse(PermissionCoverage.covers(List.of("Mail.ReadWrite"), "Mail.Send"));
        assertFalse(PermissionCoverage.covers(List.of("Group.ReadWrite.All"), "User.Read.All"));
        assertFalse(PermissionCoverage.covers(List.of("Policy.ReadWrite.ConditionalAccess"), "Policy.Read.All"));
        assertFalse(PermissionCoverage.covers(List.of("Directory.AccessAsUser.All"), "Directory.Read.All"));
    }

    @Test
    void missingKeepsTheOrderAsked() {
        assertEquals(Set.of("Policy.Read.All", "AuditLog.Read.All"), PermissionCoverage.missing(
                List.of("User.ReadWrite.All", "openid"),
                List.of("Policy.Read.All", "User.Read.All", "AuditLog.Read.All")));
        assertEquals(List.of("Policy.Read.All", "AuditLog.Read.All"), List.copyOf(PermissionCoverage.missing(
                List.of(), List.of("Policy.Read.All", "AuditLog.Read.All"))));
    }
}
