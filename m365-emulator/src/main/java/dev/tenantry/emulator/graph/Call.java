package dev.tenantry.emulator.graph;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One request (top-level or inside {@code $batch}), authenticated and routed. */
final class Call {
    final String method;
    final String path;
    final Map<String, String> query;
    final Map<String, String> headers;
    final String body;
    final Tenant tenant;
    final JWTClaimsSet claims;
    final String requestId;
    DirectoryUser user;
    /** Whether it came under {@code /beta} (which serves every v1.0 request too, and a few only beta has). */
    boolean beta;
    List<String> parameters = List.of();

    Call(String method, String path, Map<String, String> query, Map<String, String> headers, String body,
            Tenant tenant, JWTClaimsSet claims, String requestId) {
        this.requestId = requestId;
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.tenant = tenant;
        this.claims = claims;
    }

    /**
     * A check a route makes beyond its static roles, for what only the request shows (the target, the properties): a
     * delegated caller must hold one of {@code roles}, else 403 as Graph answers; app-only callers are judged by their
     * {@code roles} claim alone, so pass.
     */
    void requireDirectoryRole(Set<String> roles) {
        if (user != null && !user.hasAnyRole(roles)) {
            throw GraphError.denied();
        }
    }

    /** The token's permissions. */
    Set<String> held() {
        return Set.copyOf(Directory.splitScopes(tokenPermissions(claims)));
    }

    boolean holds(String permission) {
        return OData.containsIgnoreCase(held(), permission);
    }

    /**
     * A delegated permission without {@code .All} (User.Read, UserAuthenticationMethod.ReadWrite) reaches only the
     * signed-in user's own data: a call about another user that the token's {@code .All} permissions of
     * {@code accepted} do not cover is refused with Graph's 403.
     */
    void requireSelfUnlessAll(DirectoryUser target, List<String> accepted) {
        if (user == null || user.id().equals(target.id())) {
            return;
        }
        Set<String> held = held();
        boolean tenantWide = accepted.stream().filter(permission -> permission.endsWith(".All"))
                .anyMatch(permission -> OData.containsIgnoreCase(held, permission));
        if (!tenantWide) {
            throw GraphError.denied();
        }
    }

    String parameter(int index) {
        return parameters.get(index);
    }

    String query(String name) {
        return query.get(name);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The token's permissions, space-separated: its {@code scp} if delegated, else its {@code roles}. */
    static String tokenPermissions(JWTClaimsSet claims) {
        try {
            if (claims.getStringClaim("scp") != null) {
                return claims.getStringClaim("scp");
            }
            List<String> roles = claims.getStringListClaim("roles");
            return roles == null ? "" : String.join(" ", roles);
        } catch (ParseException e) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure.");
        }
    }
}
