package dev.tenantry.portal.consent;

import java.util.List;

/**
 * A CDI event: a tenant granted scope sets (a person's consent, or a customer administrator's consent to an
 * application bundle, then {@code scopeSetIds} is empty). Fired after the grant is stored; what waited for consent in the
 * tenant (scheduled runs that ended "consent required") can go ahead without waiting for its next interval.
 */
public record ConsentGranted(String tenantId, List<String> scopeSetIds) {

    public ConsentGranted {
        scopeSetIds = scopeSetIds == null ? List.of() : List.copyOf(scopeSetIds);
    }
}
