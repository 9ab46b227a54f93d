package dev.tenantry.portal.consentcheck;

import com.microsoft.graph.models.AppRole;
import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.AppRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.OAuth2PermissionGrantCollectionResponse;
import com.microsoft.graph.models.PermissionScope;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.consent.HostScopeSets;
import dev.tenantry.portal.consent.ResourcePermissions;
import dev.tenantry.portal.graph.GraphGateway;
import dev.tenantry.portal.identity.IdentitySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a customer tenant really granted Tenantry, read from Microsoft Graph: the delegated permission grants
 * ({@code oauth2PermissionGrants}) and application permission assignments ({@code appRoleAssignments}) of Tenantry's
 * service principal on Microsoft Graph and on Office 365 Exchange Online, and those resources' catalogues of
 * permissions (which delegated permissions only an administrator can grant). Permissions are named as connections
 * record them ({@link ResourcePermissions}: Graph's bare, Exchange Online's with its URI in front). Read with
 * {@link HostScopeSets#REVIEW}; changed with {@link HostScopeSets#MAINTENANCE}, and only Tenantry's own grants.
 *
 * <p>A check is one round trip: one {@code $batch} reads Tenantry's service principal, its grants and its assignments
 * (addressed by Tenantry's appId, so nothing waits for its object id) and the resources' service principals' ids in
 * the tenant (grants and assignments name them). The catalogues are the same in every tenant — a resource publishes
 * its permissions with the same names, types and ids everywhere — so they are read whole once and kept in memory for
 * {@link #CATALOGUE_KEPT}, riding in a check's batch when they are due.
 */
@ApplicationScoped
public class LiveGrants {

    /** How long the resources' permission catalogues are kept: Microsoft adds permissions seldom. */
    static final Duration CATALOGUE_KEPT = Duration.ofDays(1);
    /**
     * How many batches a throttled read may go in before the check fails (and says so): as many times as the SDK's
     * retry handler sends a request of its own (once, then three retries), as each read was sent before it was
     * batched. A batch's reads share the tenant's throttling budget, so a throttled tenant answers a few each round.
     */
    private static final int ROUNDS = 4;
    private static final String TENANTRY = "tenantry";
    private static final String GRANTS = "grants";
    private static final String ASSIGNMENTS = "assignments";

    @Inject
    GraphGateway gateway;

    @Inject
    IdentitySettings identity;

    Clock clock = Clock.systemUTC();

    private final Map<ScopeSet.Resource, Catalogue> catalogues = new ConcurrentHashMap<>();

    /**
     * What a resource publishes, as read at {@code readAt}.
     *
     * @param adminOnly its delegated permissions (recorded names, lower case) → whether only an administrator may
     *                  grant them
     * @param roles     its application permissions: app role id → recorded name
     */
    private record Catalogue(Map<String, Boolean> adminOnly, Map<String, String> roles, Instant readAt) {
    }

    /** A delegated grant of Tenantry's service principal on a resource; {@code scopes} by their short names. */
    public record Grant(String id, String consentType, String principalId, ScopeSet.Resource resource,
            Set<String> scopes) {

        /** The scopes as connections record them. */
        public Set<String> recorded() {
            Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            scopes.forEach(scope -> names.add(ResourcePermissions.recorded(resource, scope)));
            return names;
        }
    }

    /** An application permission assigned to Tenantry's service principal, named as connections record it. */
    public record Assignment(String id, String permission) {
    }

    /**
     * One reading.
     *
     * @param servicePrincipalId Tenantry's service principal in the tenant; empty when nobody consented to anything
     * @param adminOnly          the resources' delegated permissions (recorded names, lower case) → whether only an
     *                           administrator may grant them ({@code type} "Admin")
     * @param applicationRoles   the application permissions the resources publish (recorded names)
     */
    public record Reading(Optional<String> servicePrincipalId, List<Grant> grants, List<Assignment> assignments,
            Map<String, Boolean> adminOnly, Set<String> applicationRoles) {

        /** Every delegated permission granted, whoever it was granted for. */
        public Set<String> delegated() {
            Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            grants.forEach(grant -> all.addAll(grant.recorded()));
            return all;
        }

        /**
         * What an account can use: the tenant-wide grant and its own; with no account known, every grant.
         *
         * @param principalId the account's directory object id
         */
        public Set<String> delegatedFor(Optional<String> principalId) {
            if (principalId.isEmpty()) {
                return delegated();
            }
            Set<String> usable = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            grants.stream().filter(grant -> "AllPrincipals".equalsIgnoreCase(grant.consentType())
                    || principalId.get().equalsIgnoreCase(grant.principalId()))
                    .forEach(grant -> usable.addAll(grant.recorded()));
            return usable;
        }

        /** What every account of the tenant can use: the tenant-wide grant alone (an account never signed in). */
        public Set<String> tenantWide() {
            Set<String> usable = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            grants.stream().filter(grant -> "AllPrincipals".equalsIgnoreCase(grant.consentType()))
                    .forEach(grant -> usable.addAll(grant.recorded()));
            return usable;
        }

        public Set<String> application() {
            Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            assignments.forEach(assignment -> all.add(assignment.permission()));
            return all;
        }
    }

    /** Reads the tenant's grants to Tenantry now. */
    public Reading read(String tenantId) throws Exception {
        return gateway.call(tenantId, HostScopeSets.REVIEW, this::read);
    }

    /** The reads of one check in one batch (the catalogues due with them), then the further pages together. */
    Reading read(GraphServiceClient graph) throws Exception {
        Instant now = clock.instant();
        String byAppId = graph.getRequestAdapter().getBaseUrl() + "/servicePrincipals(appId='" + identity.clientId()
                + "')";
        Map<String, RequestInformation> requests = new LinkedHashMap<>();
        requests.put(TENANTRY, graph.servicePrincipalsWithAppId(identity.clientId()).toGetRequestInformation(
                request -> request.queryParameters.select = new String[] {"id"}));
        requests.put(GRANTS, graph.servicePrincipals().byServicePrincipalId("-").oauth2PermissionGrants()
                .withUrl(byAppId + "/oauth2PermissionGrants").toGetRequestInformation());
        requests.put(ASSIGNMENTS, graph.servicePrincipals().byServicePrincipalId("-").appRoleAssignments()
                .withUrl(byAppId + "/appRoleAssignments").toGetRequestInformation());
        Map<ScopeSet.Resource, Boolean> due = new LinkedHashMap<>();
        for (ScopeSet.Resource resource : ScopeSet.Resource.values()) {
            Catalogue known = catalogues.get(resource);
            boolean stale = known == null || !now.isBefore(known.readAt().plus(CATALOGUE_KEPT));
            due.put(resource, stale);
            requests.put(resource.name(), graph.servicePrincipalsWithAppId(resource.appId()).toGetRequestInformation(
                    request -> request.queryParameters.select = stale
                            ? new String[] {"id", "oauth2PermissionScopes", "appRoles"} : new String[] {"id"}));
        }
        Map<String, GraphBatch.Answer> answers = GraphBatch.send(graph, requests, ROUNDS);

        Map<String, ScopeSet.Resource> resources = new HashMap<>();
        Map<String, Boolean> adminOnly = new HashMap<>();
        Set<String> roles = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Map<ScopeSet.Resource, Catalogue> read = new LinkedHashMap<>();
        for (ScopeSet.Resource resource : ScopeSet.Resource.values()) {
            Optional<ServicePrincipal> published = found(answers.get(resource.name()));
            if (published.isEmpty()) {
                continue;
            }
            resources.put(published.get().getId(), resource);
            Catalogue catalogue = due.get(resource) ? catalogue(resource, published.get(), now)
                    : catalogues.get(resource);
            read.put(resource, catalogue);
            adminOnly.putAll(catalogue.adminOnly());
            roles.addAll(catalogue.roles().values());
        }
        catalogues.putAll(read);
        Optional<ServicePrincipal> tenantry = found(answers.get(TENANTRY));
        if (tenantry.isEmpty()) {
            return new Reading(Optional.empty(), List.of(), List.of(), Map.copyOf(adminOnly), roles);
        }
        GraphBatch.Pages<OAuth2PermissionGrant> grantPages = GraphBatch.pages(answers.get(GRANTS).orThrow(),
                OAuth2PermissionGrantCollectionResponse::createFromDiscriminatorValue,
                OAuth2PermissionGrantCollectionResponse::getValue);
        GraphBatch.Pages<AppRoleAssignment> assignmentPages = GraphBatch.pages(answers.get(ASSIGNMENTS).orThrow(),
                AppRoleAssignmentCollectionResponse::createFromDiscriminatorValue,
                AppRoleAssignmentCollectionResponse::getValue);
        GraphBatch.follow(graph, List.of(grantPages, assignmentPages), ROUNDS);

        List<Grant> grants = new ArrayList<>();
        for (OAuth2PermissionGrant grant : grantPages.items()) {
            ScopeSet.Resource resource = resources.get(grant.getResourceId());
            if (resource != null) {
                grants.add(new Grant(grant.getId(), grant.getConsentType(), grant.getPrincipalId(), resource,
                        scopes(grant.getScope())));
            }
        }
        List<Assignment> assignments = new ArrayList<>();
        for (AppRoleAssignment assignment : assignmentPages.items()) {
            ScopeSet.Resource resource = assignment.getResourceId() == null ? null
                    : resources.get(assignment.getResourceId().toString());
            if (resource != null && assignment.getAppRoleId() != null) {
                String name = read.get(resource).roles().get(assignment.getAppRoleId().toString());
                assignments.add(new Assignment(assignment.getId(), name == null
                        ? "unknown role " + assignment.getAppRoleId() : name));
            }
        }
        return new Reading(Optional.of(tenantry.get().getId()), List.copyOf(grants), List.copyOf(assignments),
                Map.copyOf(adminOnly), roles);
    }

    /** A service principal read in the batch; empty when the tenant has none (404). */
    private static Optional<ServicePrincipal> found(GraphBatch.Answer answer) throws Exception {
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.ofNullable(answer.orThrow().body(ServicePrincipal::createFromDiscriminatorValue));
    }

    /** What a resource's service principal publishes, as connections record permissions. */
    private static Catalogue catalogue(ScopeSet.Resource resource, ServicePrincipal published, Instant readAt) {
        Map<String, Boolean> adminOnly = new HashMap<>();
        for (PermissionScope scope : Optional.ofNullable(published.getOauth2PermissionScopes()).orElse(List.of())) {
            if (scope.getValue() != null && !Boolean.FALSE.equals(scope.getIsEnabled())) {
                adminOnly.put(ResourcePermissions.recorded(resource, scope.getValue()).toLowerCase(Locale.ROOT),
                        "Admin".equals(scope.getType()));
            }
        }
        Map<String, String> roles = new HashMap<>();
        for (AppRole role : Optional.ofNullable(published.getAppRoles()).orElse(List.of())) {
            if (role.getId() != null && role.getValue() != null) {
                roles.put(role.getId().toString(), ResourcePermissions.recorded(resource, role.getValue()));
            }
        }
        return new Catalogue(Map.copyOf(adminOnly), Map.copyOf(roles), readAt);
    }

    /**
     * Takes back {@code delegated} and {@code application} permissions (recorded names) from Tenantry's own grants in
     * the tenant: each grant loses those scopes (deleted when none is left), each such assignment is deleted.
     *
     * @return what was taken back, in words
     */
    public List<String> revoke(String tenantId, Set<String> delegated, Set<String> application) throws Exception {
        Reading reading = read(tenantId);
        if (reading.servicePrincipalId().isEmpty()) {
            return List.of();
        }
        String principal = reading.servicePrincipalId().get();
        return gateway.call(tenantId, HostScopeSets.MAINTENANCE, graph -> {
            List<String> done = new ArrayList<>();
            for (Grant grant : reading.grants()) {
                Set<String> kept = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                kept.addAll(grant.scopes());
                if (!kept.removeIf(scope -> delegated.stream().anyMatch(ResourcePermissions.recorded(grant.resource(),
                        scope)::equalsIgnoreCase))) {
                    continue;
                }
                if (kept.isEmpty()) {
                    graph.oauth2PermissionGrants().byOAuth2PermissionGrantId(grant.id()).delete();
                    done.add("deleted delegated grant " + grant.id() + " (" + grant.consentType() + ")");
                } else {
                    OAuth2PermissionGrant change = new OAuth2PermissionGrant();
                    change.setScope(String.join(" ", kept));
                    graph.oauth2PermissionGrants().byOAuth2PermissionGrantId(grant.id()).patch(change);
                    done.add("narrowed delegated grant " + grant.id() + " (" + grant.consentType() + ") to "
                            + String.join(" ", kept));
                }
            }
            for (Assignment assignment : reading.assignments()) {
                if (application.stream().anyMatch(assignment.permission()::equalsIgnoreCase)) {
                    graph.servicePrincipals().byServicePrincipalId(principal).appRoleAssignments()
                            .byAppRoleAssignmentId(assignment.id()).delete();
                    done.add("deleted application permission " + assignment.permission());
                }
            }
            return done;
        });
    }

    private static Set<String> scopes(String scope) {
        Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (scope != null) {
            Arrays.stream(scope.trim().split("\\s+")).filter(part -> !part.isBlank()).forEach(all::add);
        }
        return all;
    }
}
