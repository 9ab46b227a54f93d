package dev.tenantry.portal.audit;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What happened, for the audit log.
 *
 * @param actor         who acted: a staff member's user principal name, an API token's owner, or {@code system}
 * @param tenantId      the customer tenant concerned, or null for portal-wide events
 * @param action        what was done, {@code <area>.<verb>} (e.g. {@code tenant.add}, {@code auth.sign-in})
 * @param target        what it was done to, if anything
 * @param details       further facts; never secrets (checked)
 * @param correlationId ties together the records of one request or operation
 */
public record AuditEvent(String actor, String tenantId, String action, String target, Outcome outcome,
        Map<String, String> details, String correlationId) {

    /** How the action ended. */
    public enum Outcome { SUCCESS, FAILURE, DENIED }

    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "authorization", "cookie",
            "assertion", "verifier", "credential", "apikey", "api_key");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("Audit action '" + action + "' must be <area>.<verb> in lower case");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
        details.forEach(AuditEvent::refuseSecrets);
        correlationId = correlationId == null ? UUID.randomUUID().toString() : correlationId;
    }

    public static AuditEvent of(String actor, String tenantId, String action, String target, Outcome outcome) {
        return new AuditEvent(actor, tenantId, action, target, outcome, Map.of(), null);
    }

    /** This event with more details. */
    public AuditEvent with(String key, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(details);
        more.put(key, value);
        return new AuditEvent(actor, tenantId, action, target, outcome, more, correlationId);
    }

    /** This event as part of the operation {@code correlationId}. */
    public AuditEvent correlatedWith(String id) {
        return new AuditEvent(actor, tenantId, action, target, outcome, details, id);
    }

    private static void refuseSecrets(String key, String value) {
        String name = key.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (name.contains(word)) {
                throw new IllegalArgumentException("Audit details must not carry secrets: '" + key + "' looks like one");
            }
        }
        if (value != null && JWT.matcher(value).find()) {
            throw new IllegalArgumentException("Audit details must not carry tokens: the value of '" + key
                    + "' holds a JWT");
        }
    }
}
