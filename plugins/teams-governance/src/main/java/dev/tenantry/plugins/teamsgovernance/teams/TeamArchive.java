package dev.tenantry.plugins.teamsgovernance.teams;

import com.microsoft.graph.models.TeamsAsyncOperation;
import com.microsoft.graph.models.TeamsAsyncOperationStatus;
import com.microsoft.graph.teams.item.archive.ArchivePostRequestBody;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.util.Optional;

/**
 * Archives a team (read-only for its members, kept with its content) or brings it back, as the tenant's service
 * account: Microsoft answers 202 with an operation, which is read once to say whether it is done already.
 */
public final class TeamArchive {


    private TeamArchive() {
    }

    /** Asks Microsoft to archive (or unarchive) the team; whether it is done already (else it will be shortly). */
    public static boolean archive(GraphAccess graph, String tenantId, String teamId, boolean archived)
            throws Exception {
        return graph.call(tenantId, TeamsIds.ARCHIVE_SCOPES, client -> {
            HeadersInspectionOption headers = TeamOperation.answerHeaders();
            var team = client.teams().byTeamId(teamId);
            if (archived) {
                team.archive().post(new ArchivePostRequestBody(), config -> config.options.add(headers));
            } else {
                team.unarchive().post(config -> config.options.add(headers));
            }
            Optional<TeamOperation> started = TeamOperation.of(headers);
            if (started.isEmpty()) {
                return false;
            }
            TeamsAsyncOperation operation = team.operations().byTeamsAsyncOperationId(started.get().operationId())
                    .get();
            return operation != null && operation.getStatus() == TeamsAsyncOperationStatus.Succeeded;
        });
    }
}
