package dev.tenantry.emulator;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.exchange.ExchangeEndpoints;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.text.ParseException;
import java.util.Locale;

/**
 * What the server knows of a request as it arrives, on an IO thread, before its body is read: which service it is
 * for, the tenant and client application it is from (as far as the path and the bearer token say; the token is
 * checked later, by the service), and the path that fault rules match. Faults use it to delay and admit the request.
 *
 * @param resource whether the request is for a resource API (Microsoft Graph or Exchange Online), not the identity
 *                 platform
 * @param tenant   the tenant's id, or null when the request names none (or one that does not exist)
 * @param appId    the client application of the bearer token, or null
 * @param path     Graph's path without {@code /v1.0}, Exchange's admin API path, or the identity platform's path after
 *                 the tenant segment
 */
record RoundTrip(boolean resource, String tenant, String appId, String path) {

    static RoundTrip of(HttpServerExchange exchange, Directory directory) {
        String relative = exchange.getRelativePath();
        String lower = relative.toLowerCase(Locale.ROOT);
        if (lower.equals("/v1.0") || lower.startsWith("/v1.0/")) {
            JWTClaimsSet claims = claims(exchange);
            String tenant = claims == null ? null : string(claims.getClaim("tid"));
            return new RoundTrip(true, tenant == null ? null : directory.tenantId(tenant).orElse(null),
                    claims == null ? null : string(claims.getClaim("appid")), relative.substring(5));
        }
        String[] segments = relative.replaceFirst("^/", "").split("/", -1);
        if (ExchangeEndpoints.serves(relative)) {
            JWTClaimsSet claims = claims(exchange);
            String tenant = segments.length > 2 ? directory.tenantId(segments[2]).orElse(null) : null;
            return new RoundTrip(true, tenant, claims == null ? null : string(claims.getClaim("appid")), relative);
        }
        return new RoundTrip(false, directory.tenantId(segments[0]).orElse(null), null,
                relative.substring(Math.min(relative.length(), segments[0].length() + 1)));
    }

    /** The bearer token's claims, unverified: only to know whose request it is; null without a readable token. */
    private static JWTClaimsSet claims(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            return JWTParser.parse(header.substring(7).trim()).getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static String string(Object claim) {
        return claim == null ? null : claim.toString();
    }
}
