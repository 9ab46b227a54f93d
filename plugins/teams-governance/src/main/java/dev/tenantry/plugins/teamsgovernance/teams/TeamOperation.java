package dev.tenantry.plugins.teamsgovernance.teams;

import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running operation of Microsoft Teams (making, archiving a team), as Microsoft names it in the {@code Location}
 * of its {@code 202 Accepted}: {@code /teams('<team id>')/operations('<operation id>')}.
 */
public record TeamOperation(String teamId, String operationId) {

    private static final Pattern LOCATION = Pattern.compile("/teams\\('([^']+)'\\)/operations\\('([^']+)'\\)");

    /** A request option that keeps the answer's headers, to read the operation from them after. */
    public static HeadersInspectionOption answerHeaders() {
        return new HeadersInspectionOption(false, true);
    }

    /** The operation the answer whose headers {@code headers} kept names, if it names one. */
    public static Optional<TeamOperation> of(HeadersInspectionOption headers) {
        Optional<String> location = headers.getResponseHeaders().getOrDefault("Location", java.util.Set.of()).stream()
                .findFirst();
        Matcher matcher = LOCATION.matcher(location.orElse(""));
        return matcher.find() ? Optional.of(new TeamOperation(matcher.group(1), matcher.group(2))) : Optional.empty();
    }
}
