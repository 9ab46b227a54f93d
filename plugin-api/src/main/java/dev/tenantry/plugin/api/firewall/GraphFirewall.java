package dev.tenantry.plugin.api.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantry.plugin.api.GraphRequestRefusedException;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * The Graph permission firewall of one scope set: an OkHttp interceptor that lets a request leave only when one of the
 * scope set's permissions is among those {@link GraphPermissionMap Microsoft's permission map} accepts for its method
 * and path, and, for a JSON batch ({@code POST /$batch}), for every request in it. A client made for several scope
 * sets at once (one batch for several features) lets a request leave when one of them allows it, as a client of that
 * scope set alone would have. Entra puts every permission a
 * tenant granted into each token, so the token alone cannot keep a scope set to its purpose; this does, before
 * anything is sent. A refused request throws {@link GraphRequestRefusedException} from the SDK call and is reported to
 * the listener (to be audited).
 *
 * <p>Requests are allowed only to {@code graphBaseUrl}'s host and below its path's parent (so {@code v1.0} and
 * {@code beta}); anything else is refused too. The host's gateway puts one on every Graph client it builds; the plugin
 * test kit does the same, so a plugin's tests meet the refusals production would.
 */
public final class GraphFirewall implements Interceptor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

    private final List<ScopeSet> scopeSets;
    private final GraphPermissionMap map;
    private final HttpUrl base;
    private final Consumer<GraphRequestRefusedException> refusals;
    private final Consumer<Decision> decisions;

    /** One request's judgement, for a listener that counts them (the test kit's). */
    public record Decision(String scopeSetId, String method, String path, boolean allowed) {
    }

    private GraphFirewall(List<ScopeSet> scopeSets, GraphPermissionMap map, String graphBaseUrl,
            Consumer<GraphRequestRefusedException> refusals, Consumer<Decision> decisions) {
        if (scopeSets.isEmpty() || scopeSets.stream().map(ScopeSet::connection).distinct().count() != 1) {
            throw new IllegalArgumentException("A firewall is for one or more scope sets of one connection: "
                    + scopeSets.stream().map(ScopeSet::id).toList());
        }
        this.scopeSets = List.copyOf(scopeSets);
        this.map = Objects.requireNonNull(map, "map");
        this.base = HttpUrl.get(graphBaseUrl.replaceAll("/+$", ""));
        this.refusals = refusals == null ? refused -> { } : refusals;
        this.decisions = decisions == null ? decision -> { } : decisions;
    }

    /**
     * The firewall of {@code scopeSet} for clients whose base URL is {@code graphBaseUrl}, judging by the shipped map.
     *
     * @param refusals told of each refusal before it is thrown (may be null)
     */
    public static GraphFirewall of(ScopeSet scopeSet, String graphBaseUrl,
            Consumer<GraphRequestRefusedException> refusals) {
        return new GraphFirewall(List.of(scopeSet), GraphPermissionMap.shipped(), graphBaseUrl, refusals, null);
    }

    /** The same, also telling {@code decisions} of every request judged (allowed or not). */
    public static GraphFirewall of(ScopeSet scopeSet, String graphBaseUrl,
            Consumer<GraphRequestRefusedException> refusals, Consumer<Decision> decisions) {
        return new GraphFirewall(List.of(scopeSet), GraphPermissionMap.shipped(), graphBaseUrl, refusals, decisions);
    }

    /**
     * The firewall of a client made for several scope sets of one connection at once: a request leaves when one of
     * them allows it (its decision names that one); a refusal names them all, joined by {@code +}.
     *
     * @since 1.6.0
     */
    public static GraphFirewall of(List<ScopeSet> scopeSets, String graphBaseUrl,
            Consumer<GraphRequestRefusedException> refusals, Consumer<Decision> decisions) {
        return new GraphFirewall(scopeSets, GraphPermissionMap.shipped(), graphBaseUrl, refusals, decisions);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String method = request.method().toUpperCase(Locale.ROOT);
        String path = graphPath(request.url());
        if (path != null && method.equals("POST") && path.equalsIgnoreCase("/$batch")) {
            byte[] body = body(request);
            for (Part part : parts(body, request.header("Content-Encoding"))) {
                judge(part.method(), part.path(), "in a $batch");
            }
            // The body was read to judge it: send the bytes that were judged
            RequestBody again = RequestBody.create(body, request.body() == null ? MediaType.get("application/json")
                    : request.body().contentType());
            return chain.proceed(request.newBuilder().method(request.method(), again).build());
        }
        judge(method, path == null ? request.url().encodedPath() : path, path == null
                ? "outside Microsoft Graph (" + request.url().host() + ")" : null);
        return chain.proceed(request);
    }

    private void judge(String method, String path, String where) {
        boolean graph = where == null || !where.startsWith("outside");
        ScopeSet allowing = !graph || path == null ? null : scopeSets.stream()
                .filter(scopeSet -> map.allows(method, path, scopeSet.connection(), permissions(scopeSet)))
                .findFirst().orElse(null);
        decisions.accept(new Decision(allowing == null ? ids() : allowing.id(), method, path, allowing != null));
        if (allowing != null) {
            return;
        }
        ScopeSet.Connection connection = scopeSets.get(0).connection();
        List<String> permissions = scopeSets.stream().flatMap(scopeSet -> permissions(scopeSet).stream()).distinct()
                .toList();
        String reason;
        if (!graph) {
            reason = "the request goes " + where;
        } else if (path == null) {
            reason = "the request names no Graph path";
        } else if (!map.lists(method, path)) {
            reason = "Microsoft's permission map lists no permission for it";
        } else {
            java.util.Set<String> needed = map.permissionsFor(method, path, connection);
            reason = (needed.isEmpty() ? "Microsoft's permission map allows it with no "
                    + connection.name().toLowerCase(Locale.ROOT) + " permission"
                    : "Microsoft's permission map allows it only with " + String.join(", ", needed))
                    + (scopeSets.size() == 1 ? "; the scope set has " : "; the scope sets have ")
                    + String.join(", ", permissions);
        }
        if (where != null && graph) {
            reason = reason + " (" + where + ")";
        }
        GraphRequestRefusedException refused = new GraphRequestRefusedException(ids(), method,
                path == null ? "" : path, reason);
        refusals.accept(refused);
        throw refused;
    }

    private static List<String> permissions(ScopeSet scopeSet) {
        return scopeSet.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
    }

    /** The scope set's id, or the ids of several joined by {@code +}. */
    private String ids() {
        return String.join("+", scopeSets.stream().map(ScopeSet::id).toList());
    }

    /**
     * The refusal of an Exchange Online cmdlet that {@code scopeSet}'s manifest does not name (empty when it may run
     * it): the one rule the host's gateway and the test kit both apply.
     */
    public static java.util.Optional<GraphRequestRefusedException> cmdletRefusal(ScopeSet scopeSet, String cmdlet) {
        if (scopeSet.allowsCmdlet(cmdlet)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new GraphRequestRefusedException(scopeSet.id(), "POST", cmdlet,
                scopeSet.cmdlets().isEmpty() ? "the scope set names no cmdlet"
                        : "the scope set's manifest names only " + String.join(", ", scopeSet.cmdlets())));
    }

    /** The path below the version segment ({@code /users/x}), or null for a URL outside the Graph base. */
    private String graphPath(HttpUrl url) {
        if (!url.scheme().equalsIgnoreCase(base.scheme()) || !url.host().equalsIgnoreCase(base.host())
                || url.port() != base.port()) {
            return null;
        }
        List<String> prefix = base.pathSegments().subList(0, Math.max(0, base.pathSegments().size() - 1));
        List<String> segments = url.encodedPathSegments();
        if (segments.size() <= prefix.size() || !segments.subList(0, prefix.size()).equals(prefix)) {
            return null;
        }
        String version = segments.get(prefix.size());
        if (!version.equalsIgnoreCase("v1.0") && !version.equalsIgnoreCase("beta")) {
            return null;
        }
        return "/" + String.join("/", segments.subList(prefix.size() + 1, segments.size()));
    }

    private record Part(String method, String path) {
    }

    /** The method and Graph path of each request in a batch body; a body that cannot be read is refused whole. */
    private List<Part> parts(byte[] body, String encoding) {
        JsonNode requests;
        try (InputStream in = encoding != null && encoding.equalsIgnoreCase("gzip")
                ? new GZIPInputStream(new java.io.ByteArrayInputStream(body))
                : new java.io.ByteArrayInputStream(body)) {
            requests = JSON.readTree(in).path("requests");
        } catch (IOException e) {
            requests = null;
        }
        if (requests == null || !requests.isArray()) {
            judge("POST", "/$batch", "a batch whose requests cannot be read");
            return List.of();
        }
        List<Part> parts = new ArrayList<>();
        for (JsonNode request : requests) {
            String url = request.path("url").asText("");
            String path = url;
            if (url.startsWith("http://") || url.startsWith("https://")) {
                HttpUrl absolute = HttpUrl.parse(url);
                path = absolute == null ? null : graphPath(absolute);
            } else {
                path = "/" + url.replaceFirst("^/+", "");
                path = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
                if (path.toLowerCase(Locale.ROOT).startsWith("/v1.0/") || path.toLowerCase(Locale.ROOT)
                        .startsWith("/beta/")) {
                    path = path.substring(path.indexOf('/', 1));
                }
            }
            parts.add(new Part(request.path("method").asText("GET").toUpperCase(Locale.ROOT), path));
        }
        return parts;
    }

    private static byte[] body(Request request) throws IOException {
        if (request.body() == null) {
            return new byte[0];
        }
        Buffer buffer = new Buffer();
        request.body().writeTo(buffer);
        if (buffer.size() > MAX_BATCH_BYTES) {
            throw new IOException("A $batch body over " + MAX_BATCH_BYTES + " bytes is not sent");
        }
        return buffer.readByteArray();
    }
}
