package dev.tenantry.emulator.http;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Teams' service limits of Graph ("Microsoft Graph service-specific throttling limits", Microsoft Teams
 * service limits), per application per tenant: any Teams call 15,000 per 10 seconds; creating a team (and cloning) 6
 * per second; getting a team 30 per second; other reads of teams, channels, tabs, installed apps and the app catalogue
 * 60 per second; their creations and updates 30, deletions 15; and at most 4 requests per second on any one team
 * ("A maximum of 4 requests per second per app can be issued on a given team or channel"). A request over a limit is
 * answered 429 with the seconds until its window ends. Off until a benchmark or test switches them on.
 */
final class TeamsLimits {

    private static final Pattern TEAM = Pattern.compile("(?i)^/teams/([^/]+)(/.*)?$");

    private record Limit(String name, int requests, Duration window) {
    }

    private static final Limit ANY = new Limit("any", 15_000, Duration.ofSeconds(10));
    private static final Limit CREATE_TEAM = new Limit("create-team", 6, Duration.ofSeconds(1));
    private static final Limit GET_TEAM = new Limit("get-team", 30, Duration.ofSeconds(1));
    private static final Limit GET = new Limit("get", 60, Duration.ofSeconds(1));
    private static final Limit WRITE = new Limit("write", 30, Duration.ofSeconds(1));
    private static final Limit DELETE = new Limit("delete", 15, Duration.ofSeconds(1));
    private static final Limit ONE_TEAM = new Limit("team", 4, Duration.ofSeconds(1));

    private final FixedWindows windows;

    TeamsLimits(Clock clock) {
        this.windows = new FixedWindows(clock);
    }

    void clear() {
        windows.clear();
    }

    /** The Retry-After of a Teams request over one of its limits, if it is. Other requests are not Teams'. */
    Optional<Duration> check(String tenant, String appId, String method, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("/teams") && !lower.startsWith("/appcatalogs")) {
            return Optional.empty();
        }
        String verb = method.toUpperCase(Locale.ROOT);
        Matcher team = TEAM.matcher(path);
        boolean oneTeam = team.matches();
        String rest = oneTeam && team.group(2) != null ? team.group(2).toLowerCase(Locale.ROOT) : "";
        List<Limit> limits = new ArrayList<>(List.of(ANY));
        if (verb.equals("POST") && (lower.equals("/teams") || rest.equals("/clone"))) {
            limits.add(CREATE_TEAM);
        } else if (verb.equals("GET") && oneTeam && rest.isEmpty()) {
            limits.add(GET_TEAM);
        } else {
            limits.add(switch (verb) {
                case "GET" -> GET;
                case "DELETE" -> DELETE;
                default -> WRITE;
            });
        }
        String prefix = tenant + "|" + appId + "|";
        // Following a creation's operation is not a request on the team (it is not there yet)
        if (oneTeam && !rest.startsWith("/operations")) {
            limits.add(new Limit("team:" + team.group(1).toLowerCase(Locale.ROOT), ONE_TEAM.requests(),
                    ONE_TEAM.window()));
        }
        Duration wait = Duration.ZERO;
        for (Limit limit : limits) {
            Duration left = windows.spend(prefix + limit.name(), limit.requests(), limit.window())
                    .orElse(Duration.ZERO);
            wait = left.compareTo(wait) > 0 ? left : wait;
        }
        return wait.isZero() ? Optional.empty() : Optional.of(FixedWindows.wholeSeconds(wait));
    }
}
