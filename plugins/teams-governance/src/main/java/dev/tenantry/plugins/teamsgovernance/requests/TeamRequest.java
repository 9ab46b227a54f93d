package dev.tenantry.plugins.teamsgovernance.requests;

import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request for a team, from its submission to the team made (or why not): the template as it was when the request was
 * made (its version pinned), the team's final name (naming policy applied), its owners and members, the decision, and
 * how far provisioning got.
 *
 * @param state SUBMITTED, APPROVED (to provision), PROVISIONING, PROVISIONED, FAILED (a step failed: retried on
 *              demand), REJECTED or EXPIRED (nobody decided in time)
 */
public record TeamRequest(String id, String tenantId, TeamTemplate template, String requestedName, String displayName,
        String description, List<Person> owners, List<Person> members, String requestedBy, Instant submittedAt,
        String state, String decidedBy, Instant decidedAt, String reason, Provisioning provisioning)
        implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final String SUBMITTED = "SUBMITTED";
    public static final String APPROVED = "APPROVED";
    public static final String PROVISIONING = "PROVISIONING";
    public static final String PROVISIONED = "PROVISIONED";
    public static final String FAILED = "FAILED";
    public static final String REJECTED = "REJECTED";
    public static final String EXPIRED = "EXPIRED";
    /** States in which the request's name is taken. */
    public static final List<String> OPEN = List.of(SUBMITTED, APPROVED, PROVISIONING, FAILED);

    public TeamRequest {
        owners = owners == null ? List.of() : List.copyOf(owners);
        members = members == null ? List.of() : List.copyOf(members);
        provisioning = provisioning == null ? Provisioning.none() : provisioning;
    }

    /** A person named by the request, from the tenant's directory. */
    public record Person(String id, String displayName, String userPrincipalName) implements Serializable {
        private static final long serialVersionUID = 1L;

        public boolean guest() {
            return userPrincipalName != null && userPrincipalName.contains("#EXT#");
        }
    }

    /**
     * How far provisioning got.
     *
     * @param teamId    the team Microsoft is making or made; null before the request to make it was answered
     * @param operation the address of Microsoft's operation that makes it, followed until it is done
     * @param done      the steps done, in order (team, channel:&lt;name&gt;, label)
     * @param failed    the step that failed last, and why; empty when none
     */
    public record Provisioning(String teamId, String operation, List<String> done, String failed, int attempts,
            Instant startedAt, Instant finishedAt) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Provisioning {
            done = done == null ? List.of() : List.copyOf(done);
            failed = failed == null ? "" : failed;
        }

        public static Provisioning none() {
            return new Provisioning(null, null, List.of(), "", 0, null, null);
        }

        public Provisioning withTeam(String team, String operationPath) {
            return new Provisioning(team, operationPath, done, failed, attempts, startedAt, finishedAt);
        }

        public Provisioning withDone(String step) {
            List<String> more = new ArrayList<>(done);
            if (!more.contains(step)) {
                more.add(step);
            }
            return new Provisioning(teamId, operation, more, "", attempts, startedAt, finishedAt);
        }

        public Provisioning failed(String step, String why) {
            return new Provisioning(teamId, operation, done, step + ": " + why, attempts, startedAt, finishedAt);
        }

        public Provisioning attempt(Instant now) {
            return new Provisioning(teamId, operation, done, failed, attempts + 1, startedAt == null ? now
                    : startedAt, finishedAt);
        }

        public Provisioning finished(Instant now) {
            return new Provisioning(teamId, operation, done, "", attempts, startedAt, now);
        }

        public boolean did(String step) {
            return done.contains(step);
        }
    }

    public TeamRequest with(String newState, Provisioning progress) {
        return new TeamRequest(id, tenantId, template, requestedName, displayName, description, owners, members,
                requestedBy, submittedAt, newState, decidedBy, decidedAt, reason, progress);
    }

    public TeamRequest decided(String newState, String by, Instant at, String why) {
        return new TeamRequest(id, tenantId, template, requestedName, displayName, description, owners, members,
                requestedBy, submittedAt, newState, by, at, why, provisioning);
    }
}
