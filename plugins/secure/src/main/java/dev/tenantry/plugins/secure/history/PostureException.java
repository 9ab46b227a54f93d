package dev.tenantry.plugins.secure.history;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A failing check a tenant accepts for a time: who owns the risk, why it is accepted, and until when. While it holds,
 * the check shows "Accepted" instead of failing; from the day after {@code expires} it fails again.
 *
 * @param owner     who answers for the risk (a person at the customer or the MSP)
 * @param expires   the last day it holds
 * @param grantedBy the member of staff who recorded it
 */
public record PostureException(String checkId, String owner, String reason, LocalDate expires, String grantedBy,
        Instant grantedAt) implements java.io.Serializable {

    public boolean holdsOn(LocalDate day) {
        return !day.isAfter(expires);
    }
}
