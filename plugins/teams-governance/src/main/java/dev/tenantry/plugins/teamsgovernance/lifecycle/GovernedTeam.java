package dev.tenantry.plugins.teamsgovernance.lifecycle;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A team Tenantry made from a template with an expiry: when it expires, whom to ask to renew it, and where it stands.
 *
 * @param owners    the owners' sign-in names (mail addresses), asked to renew
 * @param expiryDays how long a renewal keeps it, the template's expiry
 * @param state     ACTIVE, RENEWAL_ASKED (the owners were mailed), ARCHIVED (it expired unrenewed and was archived)
 */
public record GovernedTeam(String tenantId, String teamId, String displayName, String template, List<String> owners,
        int expiryDays, Instant expiresAt, String state, Instant askedAt, String renewedBy) implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final String ACTIVE = "ACTIVE";
    public static final String RENEWAL_ASKED = "RENEWAL_ASKED";
    public static final String ARCHIVED = "ARCHIVED";

    public GovernedTeam {
        owners = owners == null ? List.of() : List.copyOf(owners);
    }

    public GovernedTeam asked(Instant at) {
        return new GovernedTeam(tenantId, teamId, displayName, template, owners, expiryDays, expiresAt,
                RENEWAL_ASKED, at, renewedBy);
    }

    public GovernedTeam renewed(String by, Instant now) {
        Instant from = expiresAt.isAfter(now) ? expiresAt : now;
        return new GovernedTeam(tenantId, teamId, displayName, template, owners, expiryDays,
                from.plus(java.time.Duration.ofDays(expiryDays)), ACTIVE, null, by);
    }

    public GovernedTeam archived() {
        return new GovernedTeam(tenantId, teamId, displayName, template, owners, expiryDays, expiresAt, ARCHIVED,
                askedAt, renewedBy);
    }
}
