package dev.tenantry.plugins.secure.posture;

import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyCollectionResponse;
import com.microsoft.graph.models.NamedLocation;
import com.microsoft.graph.models.NamedLocationCollectionResponse;
import com.microsoft.graph.models.SecureScore;
import com.microsoft.graph.models.SecureScoreControlProfile;
import com.microsoft.graph.models.SecureScoreControlProfileCollectionResponse;
import com.microsoft.graph.models.SubscribedSku;
import com.microsoft.graph.models.UserRegistrationDetails;
import com.microsoft.graph.models.UserRegistrationDetailsCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugins.secure.SecureIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads what the checks need from one tenant through the host's {@link GraphAccess}, each part with the scope set it
 * needs: a part whose scope set the tenant has not granted is "permission missing", throttling or an outage beyond
 * the host's retries makes that part an error — one part's failure never stops the others.
 */
public final class PostureScan {

    private final GraphAccess graph;

    public PostureScan(GraphAccess graph) {
        this.graph = Objects.requireNonNull(graph);
    }

    /** Reads the tenant's posture now. */
    public TenantPosture read(String tenantId) {
        String posture = SecureIds.POSTURE_SCOPES;
        return new TenantPosture(
                read(tenantId, posture, client -> Licences.of(client.subscribedSkus().get().getValue().stream()
                        .map(SubscribedSku::getSkuPartNumber).filter(Objects::nonNull).toList())),
                read(tenantId, posture, client -> all(client, client.identity().conditionalAccess().policies().get(),
                        ConditionalAccessPolicyCollectionResponse::createFromDiscriminatorValue,
                        ConditionalAccessPolicy.class)),
                read(tenantId, posture, client -> all(client, client.identity().conditionalAccess().namedLocations()
                        .get(), NamedLocationCollectionResponse::createFromDiscriminatorValue, NamedLocation.class)),
                read(tenantId, posture, client -> client.policies().authorizationPolicy().get()),
                read(tenantId, posture, client -> all(client, client.reports().authenticationMethods()
                        .userRegistrationDetails().get(),
                        UserRegistrationDetailsCollectionResponse::createFromDiscriminatorValue,
                        UserRegistrationDetails.class)),
                read(tenantId, posture, client -> branding(client, tenantId)),
                read(tenantId, SecureIds.SCORE_SCOPES, PostureScan::score),
                auditLog(tenantId));
    }

    private static boolean branding(GraphServiceClient client, String tenantId) {
        try {
            client.organization().byOrganizationId(tenantId).branding().get();
            return true;
        } catch (ApiException e) {
            if (e.getResponseStatusCode() == 404) {
                return false;
            }
            throw e;
        }
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
