package dev.tenantry.portal.graph;

import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Names who calls Microsoft in each request's {@code User-Agent}, after the SDK's own products: {@code Tenantry} and,
 * in a comment, the scope sets the call is made for ({@code Tenantry (user-management.directory)}). Microsoft asks
 * applications that call its APIs in volume to decorate their traffic so; its support, a proxy's log and the emulator's
 * request log can then tell one plugin's work from another's in the same tenant, whose tokens carry the same scopes.
 */
final class CallerAgent implements Interceptor {

    static final String PRODUCT = "Tenantry";

    private final String comment;

    private CallerAgent(String comment) {
        this.comment = comment;
    }

    static CallerAgent of(List<ScopeSet> scopeSets) {
        // Scope set ids are plugin id and name: letters, digits, dots and dashes, nothing a comment must escape
        return new CallerAgent(scopeSets.stream().map(ScopeSet::id).map(id -> id.replaceAll("[^A-Za-z0-9._-]", ""))
                .distinct().collect(Collectors.joining("; ")));
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(decorate(chain.request()));
    }

    Request decorate(Request request) {
        String agent = request.header("User-Agent");
        String ours = PRODUCT + (comment.isEmpty() ? "" : " (" + comment + ")");
        return request.newBuilder().header("User-Agent", agent == null || agent.isBlank() ? ours : agent + " " + ours)
                .build();
    }
}
