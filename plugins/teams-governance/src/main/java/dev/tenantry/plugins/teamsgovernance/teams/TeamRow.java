package dev.tenantry.plugins.teamsgovernance.teams;

import java.io.Serializable;
import java.time.Instant;

/**
 * A team of a tenant as the last read of the tenant's teams found it: what the teams table shows and filters on.
 *
 * @param visibility public, private or hiddenMembership
 * @param owners     owners counted by Microsoft ({@code summary.ownersCount}); -1 when Microsoft did not say
 * @param channels   channels of every kind; -1 when not read
 */
public record TeamRow(String id, String displayName, String description, String visibility, boolean archived,
        int owners, int members, int guests, int channels, Instant createdAt) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How the team stands for its owners: NONE (nobody can manage it), ONE (one leaver away from none), or OK. */
    public String ownership() {
        return owners < 0 ? "UNKNOWN" : owners == 0 ? "NONE" : owners == 1 ? "ONE" : "OK";
    }
}
