package dev.tenantry.plugins.usermanagement.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.ExchangeCommandException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test kit's Graph access, with Exchange Online's error answers thrown as the host's gateway throws them
 * ({@code ExchangeCommands} and {@code GraphGateway#exchange}): 401 and 403 as {@link ConsentRequiredException}, 429,
 * 503 and 504 as {@link GraphUnavailableException}, any other as {@link ExchangeCommandException} with Exchange's code
 * and message, as plugin-api promises. The test kit's {@code EmulatorGraphAccess#exchange} throws an
 * {@link IllegalStateException} holding the answer instead.
 */
final class GatewayExchangeErrors implements GraphAccess {

    private static final Pattern ANSWERED = Pattern.compile("Exchange answered (\\d{3}): (.*)", Pattern.DOTALL);

    private final EmulatorGraphAccess graph;

    GatewayExchangeErrors(EmulatorGraphAccess graph) {
        this.graph = graph;
    }

    @Override
    public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) throws Exception {
        return graph.call(tenantId, scopeSetId, call);
    }

    @Override
    public <T> T call(String tenantId, List<String> scopeSetIds, GraphCall<T> call) throws Exception {
        return graph.call(tenantId, scopeSetIds, call);
    }

    @Override
    public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
            Map<String, Object> parameters) throws Exception {
        try {
            return graph.exchange(tenantId, scopeSetId, cmdlet, parameters);
        } catch (IllegalStateException e) {
            Matcher answer = ANSWERED.matcher(String.valueOf(e.getMessage()));
            if (!answer.matches()) {
                throw e;
            }
            int status = Integer.parseInt(answer.group(1));
            if (status == 401 || status == 403) {
                throw new ConsentRequiredException(new ConsentStatus(tenantId, scopeSetId, false,
                        List.of("Exchange.Manage"), "Exchange Online refused the cmdlet (HTTP " + status + "): the "
                                + "grant or the account's Exchange role may be missing"));
            }
            if (status == 429 || status == 503 || status == 504) {
                throw new GraphUnavailableException("Exchange Online is busy or unavailable for tenant " + tenantId
                        + " (HTTP " + status + ")", null, e);
            }
            JsonNode error = Json.parse(answer.group(2)).path("error");
            throw new ExchangeCommandException(status, error.path("code").asText(""),
                    error.path("message").asText(""));
        }
    }

    @Override
    public ConsentStatus consent(String tenantId, String scopeSetId) {
        return graph.consent(tenantId, scopeSetId);
    }
}
