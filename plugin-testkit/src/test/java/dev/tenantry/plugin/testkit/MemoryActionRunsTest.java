package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.ActionParameter.Kind;
import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.plugin.api.PluginActionRuns.Decision;
import dev.tenantry.plugin.api.PluginActionRuns.State;
import dev.tenantry.plugin.api.TenantAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The plugin's own actions run as the host runs them: parameters checked by kind (a list of items takes a million
 * characters, a line of text 4,000), a large run waits for a second person, and what became of it is read back.
 */
class MemoryActionRunsTest {

    private final List<String> ran = new ArrayList<>();
    private final MemoryPortalUser person = new MemoryPortalUser("tech@northwind-msp.example", "Tech")
            .holding("hello:invite");

    private final TenantAction invite = new TenantAction() {
        @Override
        public String id() {
            return "hello.invite";
        }

        @Override
        public String label() {
            return "Invite";
        }

        @Override
        public String permission() {
            return "hello:invite";
        }

        @Override
        public List<ActionParameter> parameters() {
            return List.of(ActionParameter.of("guests", "Guests", Kind.ITEMS, true),
                    ActionParameter.of("message", "Message", Kind.TEXT, false));
        }

        @Override
        public String execute(String tenantId, Map<String, String> parameters) {
            if (parameters.containsKey("message") && parameters.get("message").equals("fail")) {
                throw new IllegalStateException("cannot invite now");
            }
            ran.add(parameters.get("guests"));
            return parameters.get("guests").lines().count() + " invited";
        }
    };

    private static String guests(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "guest" + i + "@fabrikam.example")
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aListOfThousandsWaitsWholeForApprovalAndRunsOnceApproved() {
        MemoryActionRuns runs = new MemoryActionRuns(25, person, invite);
        String thousands = guests(5000);
        assertTrue(thousands.length() > ActionParameter.MAX_LENGTH);

        PluginActionRuns.Submitted submitted = runs.submit("hello.invite", "contoso", Map.of("guests", thousands,
                "message", " "), 1, "Partner event");

        assertTrue(submitted.waitingForApproval(), "5,000 items count, whatever the page said");
        assertEquals(Map.of("guests", thousands), runs.waiting().get(0).parameters(), "blank ones left out");
        assertEquals(State.WAITING, runs.decisions(List.of(submitted.approvalId())).get(submitted.approvalId())
                .state());
        assertEquals("5000 invited", runs.approve(submitted.approvalId(), "lead@northwind-msp.example", "Fine"));
        Decision approved = runs.decisions(List.of(submitted.approvalId())).get(submitted.approvalId());
        assertEquals(State.APPROVED, approved.state());
        assertEquals("lead@northwind-msp.example", approved.decidedBy());
        assertEquals("Fine", approved.note());
        assertEquals("5000 invited", approved.outcome());
        assertNotNull(approved.decidedAt());
        assertTrue(runs.waiting().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> runs.approve(submitted.approvalId()), "never twice");
        assertEquals(List.of(thousands), ran);
    }

    @Test
    void parametersAreCheckedByKindAsTheHostChecksThem() {
        MemoryActionRuns runs = new MemoryActionRuns(1_000_000, person, invite);

        assertEquals("Guests is longer than 1,000,000 characters (1,000,001): split the list into smaller runs",
                assertThrows(IllegalArgumentException.class, () -> runs.submit("hello.invite", "contoso",
                        Map.of("guests", "g".repeat(ActionParameter.MAX_ITEMS_LENGTH + 1)), 1, "")).getMessage());
        assertEquals("Message is longer than 4,000 characters (4,001)", assertThrows(IllegalArgumentException.class,
                () -> runs.submit("hello.invite", "contoso", Map.of("guests", "a@b", "message",
                        "m".repeat(ActionParameter.MAX_LENGTH + 1)), 1, "")).getMessage());
        assertEquals("Guests is required", assertThrows(IllegalArgumentException.class, () -> runs.submit(
                "hello.invite", "contoso", Map.of("message", "hi"), 1, "")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> runs.submit("hello.invite", "contoso",
                Map.of("guests", "a@b", "cc", "x"), 1, "")).getMessage().contains("takes no parameter 'cc'"));
        assertTrue(ran.isEmpty());
        assertEquals("1 invited", runs.submit("hello.invite", "contoso", Map.of("guests",
                "g".repeat(ActionParameter.MAX_ITEMS_LENGTH)), 1, "").result());
    }

    @Test
    void aRejectedExpiredOrWithdrawnSubmissionNeverRunsAndSaysWhoAndWhy() {
        MemoryActionRuns runs = new MemoryActionRuns(0, person, invite);
        String rejected = runs.submit("hello.invite", "contoso", Map.of("guests", guests(2)), 2, "Event").approvalId();
        String expired = runs.submit("hello.invite", "contoso", Map.of("guests", guests(3)), 3, "Event").approvalId();
        String withdrawn = runs.submit("hello.invite", "contoso", Map.of("guests", guests(4)), 4, "Event")
                .approvalId();
        String failed = runs.submit("hello.invite", "contoso", Map.of("guests", guests(1), "message", "fail"), 1,
                "Event").approvalId();

        assertThrows(IllegalArgumentException.class, () -> runs.reject(rejected, "lead@northwind-msp.example", " "),
                "a rejection says why");
        runs.reject(rejected, "lead@northwind-msp.example", "Not before the contract is signed");
        runs.expire(expired);
        runs.withdraw(withdrawn);
        assertEquals("failed: cannot invite now", runs.approve(failed));

        Map<String, Decision> decisions = runs.decisions(List.of(rejected, expired, withdrawn, failed, "unknown"));
        assertEquals(4, decisions.size(), "an unknown id is absent");
        assertEquals(new Decision(rejected, State.REJECTED, "lead@northwind-msp.example",
                decisions.get(rejected).decidedAt(), "Not before the contract is signed", ""), decisions.get(rejected));
        assertEquals(State.EXPIRED, decisions.get(expired).state());
        assertEquals("", decisions.get(expired).decidedBy());
        assertEquals(State.WITHDRAWN, decisions.get(withdrawn).state());
        assertEquals(person.userPrincipalName(), decisions.get(withdrawn).decidedBy());
        assertEquals(State.FAILED, decisions.get(failed).state());
        assertEquals("failed: cannot invite now", decisions.get(failed).outcome());
        assertTrue(decisions.values().stream().allMatch(Decision::neverRuns));
        assertTrue(ran.isEmpty(), "none of them ran");
        assertThrows(IllegalArgumentException.class, () -> runs.approve(rejected));
        assertTrue(runs.waiting().isEmpty());
    }

    @Test
    void decisionsAreReadAPageAtATime() {
        MemoryActionRuns runs = new MemoryActionRuns(0, person, invite);
        List<String> tooMany = IntStream.rangeClosed(0, PluginActionRuns.MAX_DECISIONS).mapToObj(String::valueOf)
                .toList();

        assertThrows(IllegalArgumentException.class, () -> runs.decisions(tooMany));
        assertTrue(runs.decisions(tooMany.subList(0, PluginActionRuns.MAX_DECISIONS)).isEmpty());
        assertFalse(runs.decisions(List.of(runs.submit("hello.invite", "contoso", Map.of("guests", "a@b"), 1, "Why")
                .approvalId())).isEmpty());
    }
}
