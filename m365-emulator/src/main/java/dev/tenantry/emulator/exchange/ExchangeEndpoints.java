package dev.tenantry.emulator.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Exchanges;
import dev.tenantry.emulator.http.Faults;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.identity.Tokens;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exchange Online's admin API, the subset Tenantry uses: {@code POST /adminapi/beta/{tenant}/InvokeCommand} with a
 * {@code CmdletInput} ({@code CmdletName}, {@code Parameters}), answering {@code {"@odata.context", "value": [...]}}.
 * Tokens are for Office 365 Exchange Online ({@code https://outlook.office365.com}) of the tenant in the path:
 * delegated with {@code Exchange.Manage} and an Exchange-administering role (Global or Exchange Administrator), or
 * app-only with {@code Exchange.ManageAsApp}. Cmdlets: {@code Get-AdminAuditLogConfig} and
 * {@code Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled} (seeded by the tenant's collection
 * {@code /exchange/adminAuditLogConfig}), and the mailbox cmdlets of {@link MailboxCmdlets}; warnings a cmdlet writes
 * are in the answer's {@code @adminapi.warnings}. Throttling and outages come from the same
 * {@link Faults} as Graph's (path {@code /adminapi/...}).
 */
public final class ExchangeEndpoints {

    private static final Pattern PATH = Pattern.compile("(?i)^/adminapi/beta/([^/]+)/InvokeCommand$");
    private static final Set<String> ADMINISTERING = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.EXCHANGE_ADMINISTRATOR);
    private static final Set<String> AUDIT_SETTABLE = Set.of("UnifiedAuditLogIngestionEnabled");

    private final Directory directory;
    private final Tokens tokens;
    private final Faults faults;
    private final Supplier<String> baseUrl;
    private final MailboxCmdlets mailboxes;

    public ExchangeEndpoints(Directory directory, Tokens tokens, Faults faults, Supplier<String> baseUrl) {
        this.directory = directory;
        this.tokens = tokens;
        this.faults = faults;
        this.baseUrl = baseUrl;
        this.mailboxes = new MailboxCmdlets(directory);
    }

    /** Whether a path is the admin API's. */
    public static boolean serves(String path) {
        return path.toLowerCase(Locale.ROOT).startsWith("/adminapi/");
    }

    /** An error of the admin API. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Failure(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    public void handle(HttpServerExchange exchange) {
        Exchanges.Info info = Exchanges.info(exchange);
        info.kind = "exchange";
        info.requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().put(new HttpString("request-id"), info.requestId);
        try {
            Matcher matcher = PATH.matcher(exchange.getRelativePath());
            if (!matcher.matches() || !exchange.getRequestMethod().toString().equals("POST")) {
                throw new Failure(404, "NotFound", "The requested resource does not exist.");
            }
            JWTClaimsSet claims = authenticate(exchange.getRequestHeaders().getFirst("Authorization"), info);
            Tenant tenant = directory.tenant(matcher.group(1)).filter(found -> found.id().equalsIgnoreCase(
                    String.valueOf(claims.getClaim("tid")))).orElseThrow(() -> new Failure(401, "Unauthorized",
                    "The token is not for the tenant in the request path."));
            info.tenant = tenant.id();
            Optional<Faults.Decision> fault = info.refusal != null ? Optional.of(info.refusal)
                    : faults.failure(tenant.id(), info.appId, exchange.getRelativePath());
            if (fault.isPresent()) {
                fail(exchange, fault.get());
                return;
            }
            JsonNode input = Json.parse(Exchanges.body(exchange)).path("CmdletInput");
            String cmdlet = input.path("CmdletName").asText("");
            authorize(tenant, claims, cmdlet);
            ObjectNode answer = Json.object().put("@odata.context", baseUrl.get() + "/adminapi/beta/" + tenant.id()
                    + "/$metadata#Collection(Exchange.GenericHashTable)");
            if (MailboxCmdlets.serves(cmdlet)) {
                MailboxCmdlets.Result result = mailboxes.run(tenant, cmdlet, input.path("Parameters"));
                if (!result.warnings().isEmpty()) {
                    result.warnings().forEach(answer.putArray("@adminapi.warnings")::add);
                }
                answer.set("value", result.value());
            } else {
                answer.set("value", run(tenant, cmdlet, input.path("Parameters")));
            }
            Exchanges.json(exchange, 200, answer);
        } catch (Failure failure) {
            ObjectNode body = Json.object();
            body.putObject("error").put("code", failure.code).put("message", failure.getMessage());
            Exchanges.json(exchange, failure.status, body);
        } catch (IOException e) {
            ObjectNode body = Json.object();
            body.putObject("error").put("code", "BadRequest").put("message", "The request body is not JSON.");
            Exchanges.json(exchange, 400, body);
        }
    }

    private JWTClaimsSet authenticate(String header, Exchanges.Info info) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Failure(401, "Unauthorized", "The request has no bearer token.");
        }
        info.bearer = true;
        PermissionCatalogue.Resource exchange = directory.catalogue().resource(PermissionCatalogue.EXCHANGE_APP_ID)
                .orElseThrow();
        List<String> audiences = new java.util.ArrayList<>(exchange.identifierUris());
        exchange.identifierUris().forEach(uri -> audiences.add(uri + "/"));
        audiences.add(PermissionCatalogue.EXCHANGE_APP_ID);
        Tokens.Verification verification = tokens.verify(header.substring(7).trim(), audiences);
        if (verification instanceof Tokens.Verification.Invalid invalid) {
            throw new Failure(401, "Unauthorized", invalid.reason());
        }
        JWTClaimsSet claims = ((Tokens.Verification.Valid) verification).claims();
        info.appId = String.valueOf(claims.getClaim("appid"));
        Object scp = claims.getClaim("scp");
        info.scopes = scp != null ? String.valueOf(scp) : String.valueOf(claims.getClaim("roles"));
        return claims;
    }

    private void authorize(Tenant tenant, JWTClaimsSet claims, String cmdlet) {
        Object scp = claims.getClaim("scp");
        if (scp != null) {
            boolean scoped = List.of(String.valueOf(scp).split(" ")).contains("Exchange.Manage");
            DirectoryUser user = tenant.user(String.valueOf(claims.getClaim("oid"))).orElse(null);
            if (!scoped || user == null || !user.hasAnyRole(ADMINISTERING)) {
                throw new Failure(403, "Forbidden", "The user is not allowed to run " + cmdlet + ": it takes "
                        + "Exchange.Manage and the Exchange Administrator or Global Administrator role.");
            }
            return;
        }
        Object roles = claims.getClaim("roles");
        if (!(roles instanceof List<?> list) || !list.contains("Exchange.ManageAsApp")) {
            throw new Failure(403, "Forbidden", "The application is not allowed to run " + cmdlet
                    + ": it takes Exchange.ManageAsApp.");
        }
    }

    private JsonNode run(Tenant tenant, String cmdlet, JsonNode parameters) {
        switch (cmdlet.toLowerCase(Locale.ROOT)) {
            case "get-adminauditlogconfig" -> {
                var list = Json.array();
                list.add(auditConfig(tenant).deepCopy());
                return list;
            }
            case "set-adminauditlogconfig" -> {
                synchronized (directory) {
                    ObjectNode config = auditConfig(tenant);
                    parameters.properties().forEach(entry -> {
                        if (!AUDIT_SETTABLE.contains(entry.getKey()) || !entry.getValue().isBoolean()) {
                            throw new Failure(400, "BadRequest", "A parameter cannot be found that matches "
                                    + "parameter name '" + entry.getKey() + "', or its value is not a boolean.");
                        }
                        config.set(entry.getKey(), entry.getValue());
                    });
                    directory.putExchangeObject(tenant, "AdminAuditLogConfig", config);
                }
                return Json.array();
            }
            default -> throw new Failure(400, "BadRequest", "The term '" + cmdlet + "' is not recognized as a "
                    + "cmdlet of the Exchange Online admin API.");
        }
    }

    /**
     * The tenant's audit log settings: as last set, else as seeded (collection {@code /exchange/adminAuditLogConfig}),
     * else Exchange's defaults.
     */
    private static ObjectNode auditConfig(Tenant tenant) {
        ObjectNode config = Json.object().put("Identity", "Admin Audit Log Settings").put("AdminAuditLogEnabled", true)
                .put("UnifiedAuditLogIngestionEnabled", false);
        tenant.collection("/exchange/adminAuditLogConfig").map(seeded -> seeded.path("value").path(0))
                .filter(JsonNode::isObject).ifPresent(seeded -> config.setAll((ObjectNode) seeded));
        return tenant.exchangeObject("AdminAuditLogConfig").orElse(config);
    }

    private static void fail(HttpServerExchange exchange, Faults.Decision decision) {
        int status = switch (decision.kind()) {
            case THROTTLE -> 429;
            case GATEWAY_TIMEOUT -> 504;
            default -> 503;
        };
        if (status != 504) {
            exchange.getResponseHeaders().put(new HttpString("Retry-After"),
                    String.valueOf(Math.max(1, decision.amount().toSeconds())));
        }
        ObjectNode body = Json.object();
        body.putObject("error").put("code", status == 429 ? "TooManyRequests" : "ServiceUnavailable")
                .put("message", status == 429 ? "Too many requests; retry after the time given."
                        : "The service is temporarily unavailable.");
        Exchanges.json(exchange, status, body);
    }
}
