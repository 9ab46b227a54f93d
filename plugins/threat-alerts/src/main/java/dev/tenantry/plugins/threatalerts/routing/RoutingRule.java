package dev.tenantry.plugins.threatalerts.routing;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import java.io.Serializable;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where incidents go: those of all tenants, one tenant or the tenants with a tag, at or above a severity, of any or some
 * detection types, by email to some addresses or as a signed webhook to a URL. During its quiet hours (if any) an
 * incident below CRITICAL waits and goes in one digest when they end; a CRITICAL one goes at once.
 *
 * @param target       which tenants
 * @param targetValue  the tenant's id (TENANT) or the tag (TAG); empty for ALL_TENANTS
 * @param types        detection types (Microsoft's riskEventType), empty for any
 * @param sealedSecret the webhook's signing secret, sealed by the host; never the secret
 * @param quietHours   null for none
 */
public record RoutingRule(String id, String name, boolean enabled, Target target, String targetValue,
        Severity minSeverity, List<String> types, Channel channel, List<String> recipients, String webhookUrl,
        String sealedSecret, QuietHours quietHours, String updatedBy, Instant updatedAt) implements Serializable {

    private static final Pattern MAIL = Pattern.compile("[^@\\s,;<>]+@[^@\\s,;<>]+\\.[^@\\s,;<>]+");
    static final int MAX_RECIPIENTS = 20;

    public RoutingRule {
        types = types == null ? List.of() : List.copyOf(types);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        targetValue = targetValue == null ? "" : targetValue;
        webhookUrl = webhookUrl == null ? "" : webhookUrl;
        sealedSecret = sealedSecret == null ? "" : sealedSecret;
    }

    /** Which tenants a rule covers. */
    public enum Target {
        ALL_TENANTS, TENANT, TAG
    }

    /** How a rule delivers. */
    public enum Channel {
        EMAIL, WEBHOOK
    }

    /**
     * Hours in a time zone when only CRITICAL incidents go out at once: from {@code from} to {@code to} ("22:00" to
     * "07:00" spans midnight).
     */
    public record QuietHours(String from, String to, String zone) implements Serializable {

        /** Whether {@code at} falls in these quiet hours. */
        public boolean covers(Instant at) {
            LocalTime start = LocalTime.parse(from);
            LocalTime end = LocalTime.parse(to);
            LocalTime now = at.atZone(ZoneId.of(zone)).toLocalTime();
            return start.isBefore(end) ? !now.isBefore(start) && now.isBefore(end)
                    : !now.isBefore(start) || now.isBefore(end);
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            try {
                if (LocalTime.parse(from).equals(LocalTime.parse(to))) {
                    problems.add("Quiet hours must start and end at different times");
                }
            } catch (DateTimeParseException | NullPointerException e) {
                problems.add("Quiet hours are times such as 22:00 and 07:00");
            }
            try {
                ZoneId.of(zone);
            } catch (DateTimeException | NullPointerException e) {
                problems.add("Not a time zone: " + zone);
            }
            return problems;
        }
    }

    /** Whether this rule takes {@code incident} of {@code tenant}. */
    public boolean matches(Incident incident, PluginTenants.Tenant tenant) {
        if (!enabled || incident.severity().ordinal() < minSeverity.ordinal()) {
            return false;
        }
        boolean tenantMatches = switch (target) {
            case ALL_TENANTS -> true;
            case TENANT -> incident.tenantId().equals(targetValue);
            case TAG -> tenant != null && tenant.tags().stream().anyMatch(tag -> tag.equalsIgnoreCase(targetValue));
        };
        return tenantMatches && (types.isEmpty() || incident.riskEventTypes().stream()
                .anyMatch(type -> types.stream().anyMatch(type::equalsIgnoreCase)));
    }

    /** Whether an incident of this severity waits for the end of the quiet hours at {@code at}. */
    public boolean holds(Severity severity, Instant at) {
        return quietHours != null && severity != Severity.CRITICAL && quietHours.covers(at);
    }

    /** What is wrong with this rule, in words for the person editing it; empty when it can be saved. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 100) {
            problems.add("A rule needs a name of at most 100 characters");
        }
        if (target == null || minSeverity == null || channel == null) {
            problems.add("A rule needs tenants, a minimum severity and a channel");
            return problems;
        }
        if (target != Target.ALL_TENANTS && targetValue.isBlank()) {
            problems.add(target == Target.TENANT ? "Choose the tenant" : "Name the tag");
        }
        if (channel == Channel.EMAIL) {
            if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
                problems.add("Mail goes to 1 to " + MAX_RECIPIENTS + " addresses");
            }
            recipients.stream().filter(address -> !MAIL.matcher(address).matches())
                    .forEach(address -> problems.add("Not a mail address: " + address));
        } else {
            try {
                URI url = URI.create(webhookUrl);
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null
                        || url.getUserInfo() != null) {
                    problems.add("A webhook goes to an https:// address without a user name or password in it");
                }
            } catch (IllegalArgumentException e) {
                problems.add("Not a webhook address: " + webhookUrl);
            }
            if (sealedSecret.isBlank()) {
                problems.add("A webhook needs its signing secret");
            }
        }
        if (quietHours != null) {
            problems.addAll(quietHours.problems());
        }
        return problems;
    }

    /** This rule in words, for the list of rules and the audit. */
    public String summary(String tenantName) {
        String tenants = switch (target) {
            case ALL_TENANTS -> "all tenants";
            case TENANT -> tenantName == null ? "tenant " + targetValue : tenantName;
            case TAG -> "tenants tagged " + targetValue;
        };
        return minSeverity + " and above in " + tenants + (types.isEmpty() ? "" : ", " + String.join(", ", types))
                + " → " + (channel == Channel.EMAIL ? String.join(", ", recipients) : webhookUrl)
                + (quietHours == null ? "" : " (quiet " + quietHours.from() + "–" + quietHours.to() + " "
                + quietHours.zone() + ")");
    }
}
