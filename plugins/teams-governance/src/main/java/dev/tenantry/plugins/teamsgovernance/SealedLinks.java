package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.PluginSecrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Links to the plugin's public pages that carry what they allow, sealed with the host's keys for this plugin and one
 * purpose ({@link PluginSecrets}), with an expiry: they can be neither forged, nor changed, nor used for another purpose,
 * and stop working at their expiry. The approval links of customers' approvers and the renewal links of team owners.
 */
public final class SealedLinks {

    private SealedLinks() {
    }

    /**
     * The path (with its query) of a link to {@code page} that allows {@code parts} for {@code purpose} until
     * {@code until}.
     *
     * @param parts what the link allows, none containing a line break
     */
    public static String path(PluginSecrets secrets, String purpose, String page, Instant until, String... parts) {
        String sealed = secrets.seal(purpose, String.join("\n", parts) + "\n" + until.getEpochSecond());
        return page + "?token=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8);
    }

    /**
     * What a link's token allows, its {@code count} parts then its expiry last, if it opens for {@code purpose} and
     * has not expired at {@code now}.
     */
    public static Optional<Opened> open(PluginSecrets secrets, String purpose, String token, int count, Instant now) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            List<String> parts = new ArrayList<>(Arrays.asList(secrets.open(purpose, token).split("\n")));
            if (parts.size() != count + 1) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts.remove(count)));
            return now.isAfter(expires) ? Optional.empty() : Optional.of(new Opened(List.copyOf(parts), expires));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What an opened link allows, and until when. */
    public record Opened(List<String> parts, Instant expiresAt) {
    }
}
