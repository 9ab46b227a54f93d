package dev.tenantry.portal.consentcheck;

import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.AppRole;
import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.AppRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.OAuth2PermissionGrantCollectionResponse;
import com.microsoft.graph.models.PermissionScope;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.consent.HostScopeSets;
import dev.tenantry.portal.consent.ResourcePermissions;
import dev.tenantry.portal.graph.GraphGateway;
import dev.tenantry.portal.identity.IdentitySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a customer tenant really granted Tenantry, read from Microsoft Graph: the delegated permission grants
 * ({@code oauth2PermissionGrants}) and application permission assignments ({@code appRoleAssignments}) of Tenantry's
 * service principal on Microsoft Graph and on Office 365 Exchange Online, and those resources' own catalogues of
 * permissions in that tenant (which delegated permissions only an administrator can grant). Permissions are named as
 * connections record them ({@link ResourcePermissions}: Graph's bare, Exchange Online's with its URI in front). Read
 * with {@link HostScopeSets#REVIEW}; changed with {@link HostScopeSets#MAINTENANCE}, and only Tenantry's own grants.
 */
@ApplicationScoped
public class LiveGrants {

    @Inject
    GraphGateway gateway;

    @Inject
    IdentitySettings identity;

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

    private Reading read(GraphServiceClient graph) throws Exception {
        Map<String, ScopeSet.Resource> resources = new HashMap<>();
        Map<String, Boolean> adminOnly = new HashMap<>();
        Map<String, String> roleNames = new HashMap<>();
        Set<String> roles = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ScopeSet.Resource resource : ScopeSet.Resource.values()) {
            ServicePrincipal published = servicePrincipal(graph, resource.appId()).orElse(null);
            if (published == null) {
                continue;
            }
            resources.put(published.getId(), resource);
            for (PermissionScope scope : Optional.ofNullable(published.getOauth2PermissionScopes()).orElse(List.of())) {
                if (scope.getValue() != null && !Boolean.FALSE.equals(scope.getIsEnabled())) {
                    adminOnly.put(ResourcePermissions.recorded(resource, scope.getValue()).toLowerCase(Locale.ROOT),
                            "Admin".equals(scope.getType()));
                }
            }
            for (AppRole role : Optional.ofNullable(published.getAppRoles()).orElse(List.of())) {
                if (role.getId() != null && role.getValue() != null) {
                    String name = ResourcePermissions.recorded(resource, role.getValue());
                    roleNames.put(published.getId() + "/" + role.getId(), name);
                    roles.add(name);
                }
            }
        }
        Optional<ServicePrincipal> tenantry = servicePrincipal(graph, identity.clientId());
        if (tenantry.isEmpty()) {
            return new Reading(Optional.empty(), List.of(), List.of(), Map.copyOf(adminOnly), roles);
        }
        String id = tenantry.get().getId();
        List<Grant> grants = new ArrayList<>();
        OAuth2PermissionGrantCollectionResponse page = graph.oauth2PermissionGrants()
                .get(request -> request.queryParameters.filter = "clientId eq '" + id + "'");
        new PageIterator.Builder<OAuth2PermissionGrant, OAuth2PermissionGrantCollectionResponse>().client(graph)
                .collectionPage(page)
                .collectionPageFactory(OAuth2PermissionGrantCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(grant -> {
                    ScopeSet.Resource resource = resources.get(grant.getResourceId());
                    if (resource != null) {
                        grants.add(new Grant(grant.getId(), grant.getConsentType(), grant.getPrincipalId(), resource,
                                scopes(grant.getScope())));
                    }
                    return true;
                }).build().iterate();
        List<Assignment> assignments = new ArrayList<>();
        AppRoleAssignmentCollectionResponse assigned = graph.servicePrincipals().byServicePrincipalId(id)
                .appRoleAssignments().get();
        new PageIterator.Builder<AppRoleAssignment, AppRoleAssignmentCollectionResponse>().client(graph)
                .collectionPage(assigned)
                .collectionPageFactory(AppRoleAssignmentCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(assignment -> {
                    String resourceId = assignment.getResourceId() == null ? "" : assignment.getResourceId().toString();
                    if (resources.containsKey(resourceId) && assignment.getAppRoleId() != null) {
                        String name = roleNames.get(resourceId + "/" + assignment.getAppRoleId());
                        assignments.add(new Assignment(assignment.getId(), name == null
                                ? "unknown role " + assignment.getAppRoleId() : name));
                    }
                    return true;
                }).build().iterate();
        return new Reading(Optional.of(id), List.copyOf(grants), List.copyOf(assignments), Map.copyOf(adminOnly),
                roles);
    }

    private static Optional<ServicePrincipal> servicePrincipal(GraphServiceClient graph, String appId) {
        try {
            return Optional.ofNullable(graph.servicePrincipalsWithAppId(appId).get());
        } catch (ApiException e) {
            if (e.getResponseStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
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
