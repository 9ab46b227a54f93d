package dev.tenantry.portal.graph;

import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphAccess.GraphCall;
import dev.tenantry.plugin.api.GraphRequestRefusedException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.firewall.GraphFirewall;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.consent.ConsentManager;
import dev.tenantry.portal.consent.Connection;
import dev.tenantry.portal.consent.ResourcePermissions;
import dev.tenantry.portal.consent.TokenService;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.IdentityTls;
import dev.tenantry.portal.identity.RequestCaller;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way to Microsoft Graph in a customer tenant with a scope set's permissions, and the one place that builds
 * Graph SDK clients. A call is made only when the tenant's connection for the scope set holds everything it asks for;
 * otherwise it ends in {@link ConsentRequiredException} before anything is sent. Each client sends the bearer token of
 * that connection (delegated: exactly the scope set's permissions; application: {@code .default}) to the configured
 * Graph host only, through the SDK's middleware, at most {@code tenantry.graph.per-tenant-concurrency} calls at once
 * per tenant. The middleware retries a 429, 503 or 504 once, and only when Microsoft asks for a short wait
 * ({@link GraphRetries}); otherwise the call ends at once in {@link GraphUnavailableException} carrying Microsoft's
 * {@code Retry-After}, so that nothing sleeps on a thread others wait for (a scheduled run is queued again for then).
 * A 403 from Microsoft means the grant changed behind Tenantry's back and becomes "consent required". Every HTTP
 * attempt is counted per tenant ({@link GraphMetrics}).
 *
 * <p>Each client carries the scope set's {@link GraphFirewall}: a token holds every permission the tenant granted
 * Tenantry, so a request (each request of a {@code $batch} too) leaves only when one of the scope set's own permissions
 * is among those Microsoft's permission map accepts for its method and path, and an Exchange cmdlet only when the
 * scope set's manifest names it. Anything else ends in {@link GraphRequestRefusedException} before it is sent, audited
 * ({@code graph.request-refused}, with the plugin, scope set, method and path). A call with several scope sets of one
 * connection (what several features read, in one {@code $batch}) needs each of them granted, and each of its requests
 * leaves when one of them allows it.
 */
@ApplicationScoped
public class GraphGateway {

    @Inject
    ConsentManager consent;

    @Inject
    TokenService tokens;

    @Inject
    IdentityTls tls;

    @Inject
    GraphMetrics metrics;

    @Inject
    AuditLog audit;

    @Inject
    RequestCaller caller;

    @Inject
    @ConfigProperty(name = "tenantry.graph.base-url")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "tenantry.graph.per-tenant-concurrency", defaultValue = "4")
    int perTenant;

    @Inject
    @ConfigProperty(name = "tenantry.exchange.base-url", defaultValue = "https://outlook.office365.com")
    String exchangeBaseUrl;

    private final Map<String, Semaphore> limits = new ConcurrentHashMap<>();
    private OkHttpClient http;

    @PostConstruct
    void init() {
        OkHttpClient.Builder builder = GraphClientFactory.create(new RequestOption[] {GraphRetries.option()});
        tls.trustManager().ifPresent(trust -> {
            try {
                javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
                context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
                builder.sslSocketFactory(context.getSocketFactory(), trust);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("Cannot set up TLS towards Microsoft Graph", e);
            }
        });
        http = builder.addNetworkInterceptor(metrics.interceptor()).callTimeout(Duration.ofSeconds(60)).build();
    }

    /** What the tenant has granted of {@code scopeSet}. */
    public ConsentStatus consent(String tenantId, ScopeSet scopeSet) {
        return consent.consent(tenantId, scopeSet);
    }

    /** Calls Graph in {@code tenantId} with the permissions of {@code scopeSet}. */
    public <T> T call(String tenantId, ScopeSet scopeSet, GraphCall<T> call) throws Exception {
        return call(tenantId, List.of(scopeSet), call);
    }

    /**
     * Calls Graph in {@code tenantId} with several scope sets for Microsoft Graph of one connection at once. A refusal
     * of Microsoft's (401, 403) that the call lets out is "consent required" for the first of them.
     *
     * @throws ConsentRequiredException for the first of them the tenant has not granted, before anything is sent
     */
    public <T> T call(String tenantId, List<ScopeSet> scopeSets, GraphCall<T> call) throws Exception {
        if (scopeSets.isEmpty() || scopeSets.stream().anyMatch(set -> set.resource()
                != ScopeSet.Resource.MICROSOFT_GRAPH) || scopeSets.stream().map(ConsentManager::key).distinct()
                .count() != 1) {
            throw new IllegalArgumentException("One call takes Microsoft Graph scope sets of one connection: "
                    + scopeSets.stream().map(ScopeSet::id).toList());
        }
        return guarded(tenantId, scopeSets, () -> {
            try {
                return call.apply(client(tenantId, scopeSets));
            } catch (ApiException e) {
                throw translated(tenantId, scopeSets.get(0), e);
            }
        });
    }

    /**
     * Runs an Exchange Online admin cmdlet in {@code tenantId} with the permissions of an Exchange Online scope set:
     * {@code POST <exchange>/adminapi/beta/<tenant>/InvokeCommand}, following {@code @odata.nextLink}; the bearer token
     * goes to the configured Exchange host over https only. Same consent check, per-tenant limit, retries
     * ({@link GraphRetries}) and counting as Graph calls.
     */
    public List<Map<String, Object>> exchange(String tenantId, ScopeSet scopeSet, String cmdlet,
            Map<String, Object> parameters) throws Exception {
        if (scopeSet.resource() != ScopeSet.Resource.EXCHANGE_ONLINE) {
            throw new IllegalArgumentException(scopeSet.id() + " is not an Exchange Online scope set");
        }
        if (cmdlet == null || !cmdlet.matches("[A-Za-z]+-[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("Not a cmdlet name: " + cmdlet);
        }
        java.util.Optional<GraphRequestRefusedException> refusal = GraphFirewall.cmdletRefusal(scopeSet, cmdlet);
        if (refusal.isPresent()) {
            refused(tenantId, refusal.get());
            throw refusal.get();
        }
        OkHttpClient named = http.newBuilder().addInterceptor(CallerAgent.of(List.of(scopeSet))).build();
        return guarded(tenantId, List.of(scopeSet), () -> ExchangeCommands.run(named, exchangeBaseUrl, tenantId, cmdlet,
                parameters == null ? Map.of() : parameters, () -> token(tenantId, List.of(scopeSet)),
                (code, retryAfter) -> {
                    if (code == 401 || code == 403) {
                        return new ConsentRequiredException(new ConsentStatus(tenantId, scopeSet.id(), false,
                                scopeSet.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList(),
                                "Exchange Online refused the cmdlet (HTTP " + code + "): the grant or the "
                                        + "account's Exchange role may be missing"));
                    }
                    return new GraphUnavailableException("Exchange Online is busy or unavailable for tenant "
                            + tenantId + " (HTTP " + code + ")", retryAfter, null);
                }));
    }

    /** What every call goes through: the consent check, the tenant's limit, counting, and the re-check on failure. */
    private <T> T guarded(String tenantId, List<ScopeSet> scopeSets, java.util.concurrent.Callable<T> work)
            throws Exception {
        java.util.Optional<ConsentStatus> missing = missing(tenantId, scopeSets);
        if (missing.isPresent()) {
            throw new ConsentRequiredException(missing.get());
        }
        Semaphore limit = limits.computeIfAbsent(tenantId, tenant -> new Semaphore(Math.max(1, perTenant), true));
        if (!limit.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new GraphUnavailableException("Too many calls to Microsoft in tenant " + tenantId
                    + " at once; try again shortly", Duration.ofSeconds(5), null);
        }
        try (GraphMetrics.Scope counted = metrics.working(tenantId)) {
            return work.call();
        } catch (GraphUnavailableException e) {
            // A connection that just turned "needs re-authentication" is a consent matter: the card offers to sign in
            java.util.Optional<ConsentStatus> now = missing(tenantId, scopeSets);
            throw now.isEmpty() ? e : new ConsentRequiredException(now.get());
        } finally {
            limit.release();
        }
    }

    /** What the tenant has granted of the first of {@code scopeSets} it has not granted in full, if any. */
    private java.util.Optional<ConsentStatus> missing(String tenantId, List<ScopeSet> scopeSets) {
        for (ScopeSet scopeSet : scopeSets) {
            ConsentStatus status = consent(tenantId, scopeSet);
            if (!status.granted()) {
                return java.util.Optional.of(status);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A token for the scope sets' resource: delegated, for exactly the scope sets' permissions; application, for the
     * resource's {@code .default}.
     */
    private String token(String tenantId, List<ScopeSet> scopeSets) {
        ScopeSet first = scopeSets.get(0);
        if (ConsentManager.kind(first) == Connection.Kind.APPLICATION) {
            return tokens.applicationToken(tenantId, first.resource());
        }
        String resource = ResourcePermissions.uri(first.resource());
        Set<String> scopes = new LinkedHashSet<>();
        scopeSets.forEach(scopeSet -> scopeSet.permissions().forEach(permission -> scopes.add(resource + "/"
                + permission.name())));
        return tokens.delegatedToken(tenantId, ConsentManager.key(first), scopes);
    }

    private Exception translated(String tenantId, ScopeSet scopeSet, ApiException e) {
        int status = e.getResponseStatusCode();
        if (status == 401 || status == 403) {
            List<String> asked = scopeSet.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
            return new ConsentRequiredException(new ConsentStatus(tenantId, scopeSet.id(), false, asked,
                    "Microsoft Graph refused the call (HTTP " + status + "): the grant may have been revoked"));
        }
        if (status == 429 || status == 503 || status == 504) {
            Duration retryAfter = e.getResponseHeaders().getOrDefault("Retry-After", Set.of()).stream().findFirst()
                    .flatMap(GraphRetries::seconds).orElse(null);
            return new GraphUnavailableException("Microsoft Graph is busy or unavailable for tenant " + tenantId
                    + " (HTTP " + status + ")", retryAfter, e);
        }
        return e;
    }

    /** Audits a request the firewall refused, in a transaction of its own (the caller's work may roll back). */
    private void refused(String tenantId, GraphRequestRefusedException refused) {
        String scopeSetId = refused.scopeSetId();
        audit.recordSecurityEvent(AuditEvent.of(caller.staff().flatMap(CurrentStaff::user).orElse("system"), tenantId,
                        "graph.request-refused", refused.method() + " " + refused.path(), AuditEvent.Outcome.DENIED)
                .with("plugin", scopeSetId.substring(0, Math.max(0, scopeSetId.indexOf('.'))))
                .with("scopeSet", scopeSetId).with("method", refused.method()).with("path", refused.path()));
    }

    /** A client for one tenant and scope sets of one connection; keep it to one call. */
    private GraphServiceClient client(String tenantId, List<ScopeSet> scopeSets) {
        AllowedHostsValidator hosts = new AllowedHostsValidator(URI.create(baseUrl).getHost());
        AccessTokenProvider provider = new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                if (!hosts.isUrlHostValid(uri) || !"https".equalsIgnoreCase(uri.getScheme())) {
                    return "";
                }
                return token(tenantId, scopeSets);
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return hosts;
            }
        };
        OkHttpClient guarded = http.newBuilder().addInterceptor(GraphFirewall.of(scopeSets, baseUrl,
                refused -> refused(tenantId, refused), null)).addInterceptor(CallerAgent.of(scopeSets)).build();
        GraphServiceClient client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(provider),
                guarded);
        client.getRequestAdapter().setBaseUrl(baseUrl.replaceAll("/+$", ""));
        return client;
    }
}
