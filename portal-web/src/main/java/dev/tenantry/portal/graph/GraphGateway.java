package dev.tenantry.portal.graph;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphAccess.GraphCall;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way to Microsoft Graph in a customer tenant with a scope set's permissions. A call is made only through a
 * connection of the tenant that has granted everything the scope set asks for; otherwise it ends in
 * {@link ConsentRequiredException} before anything is sent to Microsoft.
 *
 * <p>A tenant gets connections (a delegated integration account, an application with admin consent) from its page;
 * until it has the one a scope set names, every scope set of that type is reported missing in full.
 */
@ApplicationScoped
public class GraphGateway {

    /** What the tenant has granted of {@code scopeSet}, from what Tenantry knows of its connections. */
    public ConsentStatus consent(String tenantId, ScopeSet scopeSet) {
        return new ConsentStatus(tenantId, scopeSet.id(), false,
                scopeSet.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList(),
                "No " + scopeSet.connection().name().toLowerCase(java.util.Locale.ROOT)
                        + " connection to Microsoft Graph in this tenant yet");
    }

    /** Calls Graph in {@code tenantId} with the permissions of {@code scopeSet}. */
    public <T> T call(String tenantId, ScopeSet scopeSet, GraphCall<T> call) throws Exception {
        ConsentStatus status = consent(tenantId, scopeSet);
        if (!status.granted()) {
            throw new ConsentRequiredException(status);
        }
        throw new IllegalStateException("Graph clients are built for granted connections only");
    }
}
