package dev.tenantry.portal.approval.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalRequest.Status;
import dev.tenantry.portal.approval.ShownParameter;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Settings → Approvals lists a request of thousands of items by its count and first lines, and keeps little. */
class ApprovalsViewTest {

    @Test
    void aRequestOfFiveThousandUsersIsListedByItsCountAndFirstLines() throws Exception {
        String users = IntStream.rangeClosed(1, 5000).mapToObj(i -> "user" + i + "@contoso.example,User " + i)
                .collect(Collectors.joining("\n"));
        Instant now = Instant.now();
        ApprovalRequest request = new ApprovalRequest("r1", "plugin.tenant-action", "t1", Map.of("parameters", users),
                "Create users from CSV in 1 tenant(s)", "New starters", "tech@msp.example", now, now.plus(
                Duration.ofDays(3)), Status.PENDING, null, null, null, null, List.of());

        ApprovalsView.Row row = ApprovalsView.row(request, List.of(new ShownParameter("Action",
                "user-management.bulk-create", false), new ShownParameter("Users, one CSV line each", users, true)),
                now);

        assertEquals(Status.PENDING, row.status());
        assertTrue(row.shortened());
        ApprovalsView.Asked action = row.asks().get(0);
        assertEquals("user-management.bulk-create", action.text());
        assertFalse(action.shortened());
        ApprovalsView.Asked listed = row.asks().get(1);
        assertEquals(5000, listed.lines());
        assertTrue(listed.items());
        assertTrue(listed.shortened());
        assertEquals(ApprovalsView.LINES_SHOWN, listed.text().lines().count());
        assertTrue(listed.text().startsWith("user1@contoso.example,User 1\nuser2@"), listed.text());
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(state)) {
            out.writeObject(row);
        }
        assertTrue(state.size() < 4000, "the page's state holds the first lines, not the " + users.length()
                + " characters: " + state.size() + " bytes");
    }

    @Test
    void aRequestPastItsTimeIsListedAsExpired() {
        Instant then = Instant.now().minus(Duration.ofDays(4));
        ApprovalRequest request = new ApprovalRequest("r2", "roles.grant-owner", null, Map.of("user", "a@b"), "Owner",
                "Cover", "tech@msp.example", then, then.plus(Duration.ofDays(3)), Status.PENDING, null, null, null,
                null, List.of());

        assertEquals(Status.EXPIRED, ApprovalsView.row(request, List.of(), Instant.now()).status());
    }
}
