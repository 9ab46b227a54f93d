package dev.tenantry.plugins.secure.posture;

import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.AuthorizationPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyCollectionResponse;
import com.microsoft.graph.models.NamedLocation;
import com.microsoft.graph.models.NamedLocationCollectionResponse;
import com.microsoft.graph.models.SecureScore;
import com.microsoft.graph.models.SecureScoreControlProfile;
import com.microsoft.graph.models.SecureScoreControlProfileCollectionResponse;
import com.microsoft.graph.models.SubscribedSku;
import com.microsoft.graph.models.SubscribedSkuCollectionResponse;
import com.microsoft.graph.models.UserRegistrationDetails;
import com.microsoft.graph.models.UserRegistrationDetailsCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
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
 * Reads what the checks need from one tenant through the host's {@link GraphAccess}, each part with the scope set it
 * needs (the independent posture reads in one {@code $batch}): a part whose scope set the tenant has not granted is
 * "permission missing", throttling or an outage beyond the retries makes that part an error — one part's failure
 * never stops the others.
 */
public final class PostureScan {

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
        String posture = SecureIds.POSTURE_SCOPES;
        Map<String, Reading<?>> parts;
        try {
            // The posture reads are independent: one $batch, throttled answers sent again after their Retry-After
            parts = graph.call(tenantId, posture, client -> postureParts(client, tenantId));
        } catch (ConsentRequiredException e) {
            parts = Map.of();
        } catch (Exception e) {
            Reading<?> failed = failed(e);
            parts = Map.of(LICENCES, failed, POLICIES, failed, LOCATIONS, failed, AUTHORIZATION, failed,
                    REGISTRATION, failed, BRANDING, failed);
        }
        return new TenantPosture(part(parts, LICENCES), part(parts, POLICIES), part(parts, LOCATIONS),
                part(parts, AUTHORIZATION), part(parts, REGISTRATION), part(parts, BRANDING),
                read(tenantId, SecureIds.SCORE_SCOPES, PostureScan::score), auditLog(tenantId), breakGlassGroups);
    }

    private static final String LICENCES = "licences";
    private static final String POLICIES = "policies";
    private static final String LOCATIONS = "locations";
    private static final String AUTHORIZATION = "authorization";
    private static final String REGISTRATION = "registration";
    private static final String BRANDING = "branding";

    /** A part of the batch, or "permission missing" when the scope set was not granted (nothing was sent). */
    @SuppressWarnings("unchecked")
    private static <T> Reading<T> part(Map<String, Reading<?>> parts, String key) {
        Reading<?> reading = parts.get(key);
        return reading == null ? new Reading.PermissionMissing<>(SecureIds.POSTURE_SCOPES) : (Reading<T>) reading;
    }

    private static Map<String, Reading<?>> postureParts(GraphServiceClient client, String tenantId) throws Exception {
        Map<String, RequestInformation> requests = new LinkedHashMap<>();
        requests.put(LICENCES, client.subscribedSkus().toGetRequestInformation());
        requests.put(POLICIES, client.identity().conditionalAccess().policies().toGetRequestInformation());
        requests.put(LOCATIONS, client.identity().conditionalAccess().namedLocations().toGetRequestInformation());
        requests.put(AUTHORIZATION, client.policies().authorizationPolicy().toGetRequestInformation());
        requests.put(REGISTRATION, client.reports().authenticationMethods().userRegistrationDetails()
                .toGetRequestInformation());
        requests.put(BRANDING, client.organization().byOrganizationId(tenantId).branding().toGetRequestInformation());
        Map<String, GraphBatch.Answer> answers = GraphBatch.send(client, requests, 3);
        Map<String, Reading<?>> parts = new LinkedHashMap<>();
        parts.put(LICENCES, answer(answers.get(LICENCES), page -> Licences.of(page.body(
                SubscribedSkuCollectionResponse::createFromDiscriminatorValue).getValue().stream()
                .map(SubscribedSku::getSkuPartNumber).filter(Objects::nonNull).toList())));
        parts.put(POLICIES, answer(answers.get(POLICIES), page -> all(client, page.body(
                ConditionalAccessPolicyCollectionResponse::createFromDiscriminatorValue),
                ConditionalAccessPolicyCollectionResponse::createFromDiscriminatorValue,
                ConditionalAccessPolicy.class)));
        parts.put(LOCATIONS, answer(answers.get(LOCATIONS), page -> all(client, page.body(
                NamedLocationCollectionResponse::createFromDiscriminatorValue),
                NamedLocationCollectionResponse::createFromDiscriminatorValue, NamedLocation.class)));
        parts.put(AUTHORIZATION, answer(answers.get(AUTHORIZATION), page -> page.body(
                AuthorizationPolicy::createFromDiscriminatorValue)));
        parts.put(REGISTRATION, answer(answers.get(REGISTRATION), page -> all(client, page.body(
                UserRegistrationDetailsCollectionResponse::createFromDiscriminatorValue),
                UserRegistrationDetailsCollectionResponse::createFromDiscriminatorValue,
                UserRegistrationDetails.class)));
        GraphBatch.Answer branding = answers.get(BRANDING);
        parts.put(BRANDING, branding.status() == 404 ? Reading.of(false) : answer(branding, page -> true));
        return parts;
    }

    /** What one answer of the batch means: its value, "permission missing" for 401/403, or the failure. */
    private static <T> Reading<T> answer(GraphBatch.Answer answer, AnswerReader<T> reader) {
        if (answer.succeeded()) {
            try {
                return Reading.of(reader.read(answer));
            } catch (Exception e) {
                return failed(e);
            }
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return new Reading.PermissionMissing<>(SecureIds.POSTURE_SCOPES);
        }
        return new Reading.Failed<>("Microsoft Graph answered HTTP " + answer.status());
    }

    /** Reads one answer's body. */
    @FunctionalInterface
    private interface AnswerReader<T> {
        T read(GraphBatch.Answer answer) throws Exception;
    }

    private static TenantPosture.Score score(GraphServiceClient client) throws Exception {
        List<SecureScore> latest = client.security().secureScores().get(request -> request.queryParameters.top = 1)
                .getValue();
        if (latest == null || latest.isEmpty()) {
            throw new IllegalStateException("Microsoft has not computed a Secure Score for the tenant yet");
        }
        return new TenantPosture.Score(latest.get(0), all(client, client.security().secureScoreControlProfiles().get(),
                SecureScoreControlProfileCollectionResponse::createFromDiscriminatorValue,
                SecureScoreControlProfile.class));
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

    private <T> Reading<T> read(String tenantId, String scopeSet, GraphAccess.GraphCall<T> call) {
        try {
            return Reading.of(graph.call(tenantId, scopeSet, call));
        } catch (ConsentRequiredException e) {
            return new Reading.PermissionMissing<>(scopeSet);
        } catch (Exception e) {
            return failed(e);
        }
    }

    private static <T> Reading<T> failed(Exception e) {
        String reason = e instanceof GraphUnavailableException || e instanceof ApiException
                || e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName();
        return new Reading.Failed<>(reason == null ? e.getClass().getSimpleName() : reason);
    }

    /** Every item of a collection, following its pages. */
    private static <T extends Parsable, C extends Parsable & com.microsoft.kiota.serialization.AdditionalDataHolder>
            List<T> all(GraphServiceClient client, C first, ParsableFactory<C> pages, Class<T> type)
            throws Exception {
        List<T> items = new ArrayList<>();
        new PageIterator.Builder<T, C>().client(client).collectionPage(first).collectionPageFactory(pages)
                .processPageItemCallback(item -> {
                    items.add(type.cast(item));
                    return true;
                }).build().iterate();
        return items;
    }
}
