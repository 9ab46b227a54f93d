package dev.tenantry.plugins.secure.posture;

import com.microsoft.graph.models.AuthorizationPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyCollectionResponse;
import com.microsoft.graph.models.NamedLocationCollectionResponse;
import com.microsoft.graph.models.SecureScore;
import com.microsoft.graph.models.SecureScoreCollectionResponse;
import com.microsoft.graph.models.SecureScoreControlProfile;
import com.microsoft.graph.models.SecureScoreControlProfileCollectionResponse;
import com.microsoft.graph.models.SubscribedSku;
import com.microsoft.graph.models.SubscribedSkuCollectionResponse;
import com.microsoft.graph.models.UserRegistrationDetailsCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestInformation;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugins.secure.SecureIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads what the checks need from one tenant through the host's {@link GraphAccess} in the fewest round trips
 * Microsoft allows: every Graph read — the posture's and Secure Score's — in one {@code $batch}, made with both scope
 * sets at once (each request still judged by the one it belongs to), each collection asked for Microsoft's largest
 * page, and the further pages of all collections together, one batch a round. Exchange Online's audit setting is a
 * cmdlet on another host: one request of its own. A scope set the tenant has not granted makes its parts "permission
 * missing" and the others are read without it; throttling or an outage beyond the retries makes a part an error — one
 * part's failure never stops the others.
 */
public final class PostureScan {

    /**
     * The largest page Microsoft gives of the collections read here ({@code $top} 1 to 999, as for the directory's
     * collections; the subscriptions come whole and take no {@code $top}).
     */
    static final int PAGE = 999;
    /** The properties of a user's registration details the checks read ({@code PostureChecks}). */
    private static final String[] REGISTRATION_PROPERTIES = {"userPrincipalName", "isAdmin", "isMfaRegistered",
            "isSsprEnabled", "isSsprRegistered"};
    /** How many batches a throttled request may go in before its part is an error. */
    private static final int ROUNDS = 3;

    private final GraphAccess graph;

    public PostureScan(GraphAccess graph) {
        this.graph = Objects.requireNonNull(graph);
    }

    /**
     * Reads the tenant's posture now.
     *
     * @param breakGlassGroups the tenant's documented break-glass groups (Tenantry's "do not modify" group), which
     *                         a policy may exclude without its exclusions counting as broad
     */
    public TenantPosture read(String tenantId, java.util.Set<String> breakGlassGroups) {
        List<String> scopeSets = new ArrayList<>(List.of(SecureIds.POSTURE_SCOPES, SecureIds.SCORE_SCOPES));
        Map<String, Reading<?>> parts = Map.of();
        while (!scopeSets.isEmpty()) {
            List<String> granted = List.copyOf(scopeSets);
            try {
                parts = graph.call(tenantId, granted, client -> parts(client, tenantId, granted));
                break;
            } catch (ConsentRequiredException e) {
                // Nothing was sent: read what the other scope set is for without this one
                if (!scopeSets.remove(e.scopeSetId())) {
                    break;
                }
            } catch (Exception e) {
                Reading<?> failed = failed(e);
                Map<String, Reading<?>> all = new LinkedHashMap<>();
                granted.forEach(scopeSet -> PARTS.get(scopeSet).forEach(part -> all.put(part, failed)));
                parts = all;
                break;
            }
        }
        return new TenantPosture(part(parts, LICENCES), part(parts, POLICIES), part(parts, LOCATIONS),
                part(parts, AUTHORIZATION), part(parts, REGISTRATION), part(parts, BRANDING), part(parts, SCORE),
                auditLog(tenantId), breakGlassGroups);
    }

    private static final String LICENCES = "licences";
    private static final String POLICIES = "policies";
    private static final String LOCATIONS = "locations";
    private static final String AUTHORIZATION = "authorization";
    private static final String REGISTRATION = "registration";
    /** Graph's error code for what needs Entra ID P1 or P2 (the registration report) in a tenant without. */
    public static final String NOT_PREMIUM = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
    private static final String BRANDING = "branding";
    private static final String SCORE = "score";
    private static final String PROFILES = "profiles";

    /** The parts each scope set reads (the score's reading is made of its two requests). */
    private static final Map<String, List<String>> PARTS = Map.of(
            SecureIds.POSTURE_SCOPES, List.of(LICENCES, POLICIES, LOCATIONS, AUTHORIZATION, REGISTRATION, BRANDING),
            SecureIds.SCORE_SCOPES, List.of(SCORE));

    /** A part, or "permission missing" when its scope set was not granted (nothing was sent for it). */
    @SuppressWarnings("unchecked")
    private static <T> Reading<T> part(Map<String, Reading<?>> parts, String key) {
        Reading<?> reading = parts.get(key);
        return reading == null ? new Reading.PermissionMissing<>(key.equals(SCORE) ? SecureIds.SCORE_SCOPES
                : SecureIds.POSTURE_SCOPES) : (Reading<T>) reading;
    }

    /** Every request of the granted scope sets in one batch, then the collections' further pages together. */
    private static Map<String, Reading<?>> parts(GraphServiceClient client, String tenantId, List<String> scopeSets)
            throws Exception {
        boolean posture = scopeSets.contains(SecureIds.POSTURE_SCOPES);
        boolean score = scopeSets.contains(SecureIds.SCORE_SCOPES);
        Map<String, RequestInformation> requests = new LinkedHashMap<>();
        if (posture) {
            requests.put(LICENCES, client.subscribedSkus().toGetRequestInformation());
            requests.put(POLICIES, client.identity().conditionalAccess().policies().toGetRequestInformation(
                    request -> request.queryParameters.top = PAGE));
            requests.put(LOCATIONS, client.identity().conditionalAccess().namedLocations().toGetRequestInformation(
                    request -> request.queryParameters.top = PAGE));
            requests.put(AUTHORIZATION, client.policies().authorizationPolicy().toGetRequestInformation());
            // Only what the checks read: a user's entry has a dozen more properties, and a tenant thousands of users
            requests.put(REGISTRATION, client.reports().authenticationMethods().userRegistrationDetails()
                    .toGetRequestInformation(request -> {
                        request.queryParameters.top = PAGE;
                        request.queryParameters.select = REGISTRATION_PROPERTIES;
                    }));
            requests.put(BRANDING, client.organization().byOrganizationId(tenantId).branding()
                    .toGetRequestInformation());
        }
        if (score) {
            requests.put(SCORE, client.security().secureScores().toGetRequestInformation(
                    request -> request.queryParameters.top = 1));
            requests.put(PROFILES, client.security().secureScoreControlProfiles().toGetRequestInformation(
                    request -> request.queryParameters.top = PAGE));
        }
        Map<String, GraphBatch.Answer> answers = GraphBatch.send(client, requests, ROUNDS);

        Map<String, GraphBatch.Pages<?>> collections = new LinkedHashMap<>();
        if (posture) {
            collections.put(POLICIES, GraphBatch.pages(answers.get(POLICIES),
                    ConditionalAccessPolicyCollectionResponse::createFromDiscriminatorValue,
                    ConditionalAccessPolicyCollectionResponse::getValue));
            collections.put(LOCATIONS, GraphBatch.pages(answers.get(LOCATIONS),
                    NamedLocationCollectionResponse::createFromDiscriminatorValue,
                    NamedLocationCollectionResponse::getValue));
            collections.put(REGISTRATION, GraphBatch.pages(answers.get(REGISTRATION),
                    UserRegistrationDetailsCollectionResponse::createFromDiscriminatorValue,
                    UserRegistrationDetailsCollectionResponse::getValue));
        }
        if (score) {
            collections.put(PROFILES, GraphBatch.pages(answers.get(PROFILES),
                    SecureScoreControlProfileCollectionResponse::createFromDiscriminatorValue,
                    SecureScoreControlProfileCollectionResponse::getValue));
        }
        GraphBatch.follow(client, collections.values(), ROUNDS);

        Map<String, Reading<?>> parts = new LinkedHashMap<>();
        if (posture) {
            String scopeSet = SecureIds.POSTURE_SCOPES;
            parts.put(LICENCES, answer(answers.get(LICENCES), scopeSet, page -> Licences.of(page.body(
                    SubscribedSkuCollectionResponse::createFromDiscriminatorValue).getValue().stream()
                    .map(SubscribedSku::getSkuPartNumber).filter(Objects::nonNull).toList())));
            parts.put(POLICIES, collection(collections.get(POLICIES), scopeSet));
            parts.put(LOCATIONS, collection(collections.get(LOCATIONS), scopeSet));
            parts.put(AUTHORIZATION, answer(answers.get(AUTHORIZATION), scopeSet, page -> page.body(
                    AuthorizationPolicy::createFromDiscriminatorValue)));
            parts.put(REGISTRATION, collection(collections.get(REGISTRATION), scopeSet));
            GraphBatch.Answer branding = answers.get(BRANDING);
            parts.put(BRANDING, branding.status() == 404 ? Reading.of(false)
                    : answer(branding, scopeSet, page -> true));
        }
        if (score) {
            Reading<List<SecureScoreControlProfile>> profiles = collection(collections.get(PROFILES),
                    SecureIds.SCORE_SCOPES);
            Reading<SecureScore> latest = answer(answers.get(SCORE), SecureIds.SCORE_SCOPES, page -> {
                List<SecureScore> scores = page.body(SecureScoreCollectionResponse::createFromDiscriminatorValue)
                        .getValue();
                if (scores == null || scores.isEmpty()) {
                    throw new IllegalStateException("Microsoft has not computed a Secure Score for the tenant yet");
                }
                return scores.get(0);
            });
            parts.put(SCORE, latest instanceof Reading.Read<SecureScore> read
                    && profiles instanceof Reading.Read<List<SecureScoreControlProfile>> all
                    ? Reading.of(new TenantPosture.Score(read.value(), all.value()))
                    : latest instanceof Reading.Read<?> ? profiles : latest);
        }
        return parts;
    }

    /** What one answer of the batch means: its value, "permission missing" for 401/403, or the failure. */
    private static <T> Reading<T> answer(GraphBatch.Answer answer, String scopeSet, AnswerReader<T> reader) {
        if (answer.succeeded()) {
            try {
                return Reading.of(reader.read(answer));
            } catch (Exception e) {
                return failed(e);
            }
        }
        return refused(answer.status(), scopeSet);
    }

    /** A collection read to its end, or what its first failing page means. */
    @SuppressWarnings("unchecked")
    private static <T> Reading<List<T>> collection(GraphBatch.Pages<?> pages, String scopeSet) {
        if (!pages.succeeded()) {
            try {
                pages.items();
            } catch (ODataError e) {
                if (e.getError() != null && NOT_PREMIUM.equals(e.getError().getCode())) {
                    return new Reading.NotLicensed<>("Entra ID P1");
                }
            } catch (RuntimeException e) {
                // the status says what it was
            }
            return refused(pages.status(), scopeSet);
        }
        try {
            return Reading.of((List<T>) pages.items());
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    private static <T> Reading<T> refused(int status, String scopeSet) {
        if (status == 401 || status == 403) {
            return new Reading.PermissionMissing<>(scopeSet);
        }
        return new Reading.Failed<>("Microsoft Graph answered HTTP " + status);
    }

    /** Reads one answer's body. */
    @FunctionalInterface
    private interface AnswerReader<T> {
        T read(GraphBatch.Answer answer) throws Exception;
    }

    private Reading<Boolean> auditLog(String tenantId) {
        try {
            List<Map<String, Object>> config = graph.exchange(tenantId, SecureIds.AUDIT_SCOPES,
                    "Get-AdminAuditLogConfig", Map.of());
            return Reading.of(!config.isEmpty() && Boolean.TRUE.equals(config.get(0)
                    .get("UnifiedAuditLogIngestionEnabled")));
        } catch (ConsentRequiredException e) {
            return new Reading.PermissionMissing<>(SecureIds.AUDIT_SCOPES);
        } catch (Exception e) {
            return failed(e);
        }
    }

    private static <T> Reading<T> failed(Exception e) {
        String reason = e instanceof GraphUnavailableException || e instanceof ApiException
                || e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName();
        return new Reading.Failed<>(reason == null ? e.getClass().getSimpleName() : reason);
    }
}
