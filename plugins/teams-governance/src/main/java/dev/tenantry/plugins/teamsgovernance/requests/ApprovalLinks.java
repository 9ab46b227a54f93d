package dev.tenantry.plugins.teamsgovernance.requests;

import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugins.teamsgovernance.SealedLinks;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The links a customer's approver decides a request through, without a Tenantry account: what they allow (one request,
 * one approver, until when) sealed by the host's keys for this plugin and this purpose, so a link can be neither
 * forged nor changed nor used for another request; the request being decided once makes every link of it void.
 */
public final class ApprovalLinks {

    /** How long a link works. */
    public static final Duration LIFETIME = Duration.ofDays(7);
    /** The public page that opens a link. */
    public static final String PAGE = "/public/teams-governance/decide.xhtml";
    private static final String PURPOSE = "team-request-approval";

    private ApprovalLinks() {
    }

    /** What a link allows. */
    public record Grant(String tenantId, String requestId, String approver, Instant expiresAt) {
    }

    /** The path (with its query) of a link for {@code approver} to decide a request, working until {@code until}. */
    public static String path(PluginSecrets secrets, TeamRequest request, String approver, Instant until) {
        return SealedLinks.path(secrets, PURPOSE, PAGE, until, request.tenantId(), request.id(),
                approver.toLowerCase(Locale.ROOT));
    }

    /** What a link's token allows, if it opens and has not expired at {@code now}. */
    public static Optional<Grant> open(PluginSecrets secrets, String token, Instant now) {
        return SealedLinks.open(secrets, PURPOSE, token, 3, now).map(opened -> new Grant(opened.parts().get(0),
                opened.parts().get(1), opened.parts().get(2), opened.expiresAt()));
    }
}
