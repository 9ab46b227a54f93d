package dev.tenantry.plugin.api;

import com.microsoft.graph.serviceclient.GraphServiceClient;

/**
 * Microsoft Graph (and Exchange Online's admin API) for a plugin: calls in one customer tenant, made with the permissions of one of the plugin's declared
 * scope sets ({@code <plugin-id>.<purpose>} in its manifest), through the connection that scope set names (delegated or
 * application). The host builds and keeps the Graph SDK clients, their tokens and retries; a plugin never sees a token.
 *
 * <p>When the tenant has not granted what the scope set asks for (no connection yet, a permission missing, consent
 * revoked), {@link #call} throws {@link ConsentRequiredException} before calling Microsoft; the host shows the consent
 * card for exactly that scope set instead of an error when the exception leaves a page, and records "consent required"
 * for a job or an action. Only scope sets of an approved plugin that is on in the tenant are ever used.
 */
public interface GraphAccess {

    /**
     * Calls Microsoft Graph in a tenant with the permissions of one scope set.
     *
     * @param tenantId   the customer tenant (its Entra tenant id)
     * @param scopeSetId one of this plugin's scope sets for resource {@code microsoft-graph}
     * @param call       the calls to make with the client it is given; keep the client to this call
     * @return what {@code call} returned
     * @throws ConsentRequiredException  when the scope set is not granted in the tenant, or when a Graph error with
     *                                   HTTP 401 or 403 leaves {@code call} (the grant may have been revoked): a 403
     *                                   that means something else (the account lacks a directory role, a rule of
     *                                   Microsoft's) is caught inside {@code call}
     * @throws GraphUnavailableException when Microsoft Graph cannot answer now (throttled beyond the retries, out of
     *                                   service, the connection needs signing in again); the call may be tried later
     * @throws IllegalArgumentException  when the scope set is not one of this plugin's Graph scope sets, or the
     *                                   plugin does not work in the tenant
     * @throws Exception                 what {@code call} threw otherwise (a Graph error answer comes as the SDK's
     *                                   {@code ODataError})
     */
    <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) throws Exception;

    /**
     * Calls Microsoft Graph in a tenant with several of the plugin's scope sets at once, so that what different
     * features read goes in one {@code $batch} instead of one round trip each. Each request (each request of a batch)
     * leaves only when one of these scope sets' permissions allows it, as if it had been made under that scope set
     * alone; the token holds what all of them were granted. The scope sets must all be for Microsoft Graph through the
     * same connection (all delegated, or all application).
     *
     * @param scopeSetIds one or more of this plugin's Graph scope sets
     * @throws ConsentRequiredException for the first of them the tenant has not granted, before anything is sent (its
     *                                  status names that scope set: call again without it to go on with the others)
     * @throws IllegalArgumentException when they are none, not this plugin's, or not all of one connection
     * @since 1.6.0
     */
    default <T> T call(String tenantId, java.util.List<String> scopeSetIds, GraphCall<T> call) throws Exception {
        if (scopeSetIds.size() == 1) {
            return call(tenantId, scopeSetIds.get(0), call);
        }
        throw new UnsupportedOperationException(scopeSetIds.isEmpty() ? "No scope set to call with"
                : "This GraphAccess calls with one scope set at a time (the host's and the test kit's take several)");
    }

    /**
     * Runs one Exchange Online admin cmdlet in a tenant ({@code InvokeCommand} of the Exchange Online admin API, as the
     * ExchangeOnlineManagement module does) with the permissions of one of the plugin's scope sets for resource
     * {@code exchange-online}; the same consent card, throttling, limits and exceptions as {@link #call}.
     *
     * @param cmdlet     e.g. {@code Get-AdminAuditLogConfig}
     * @param parameters the cmdlet's parameters (strings, numbers, booleans, lists of them); empty for none
     * @return the objects the cmdlet returned, as JSON objects (property name to value)
     * @throws IllegalArgumentException when the scope set is not one of this plugin's Exchange Online scope sets
     * @throws ExchangeCommandException when Exchange Online refused the cmdlet (its status and message)
     */
    java.util.List<java.util.Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
            java.util.Map<String, Object> parameters) throws Exception;

    /**
     * Whether calls with a scope set can be made in a tenant now, from what the tenant is known to have granted; for a
     * page that shows the consent card ahead instead of waiting for a call to fail.
     */
    ConsentStatus consent(String tenantId, String scopeSetId);

    /**
     * One of the plugin's own accounts (the {@code accounts} of its manifest, such as a service account) as it is
     * signed in to a tenant now: who it is, whether it works, when and by whom it was signed in, when it was last used.
     * Calls with a scope set that names the account are made as it. It signs in (and signs in again, after its
     * password or second factor changed) on the consent card of one of its scope sets ({@link ConsentCard#path}),
     * by someone holding the account's permission in the tenant.
     *
     * @return empty when the account never signed in to the tenant
     * @throws IllegalArgumentException when the plugin declares no such account, or does not work in the tenant
     * @since 1.11.0
     */
    default java.util.Optional<AccountSignIn> account(String tenantId, String accountId) {
        throw new UnsupportedOperationException("This GraphAccess knows no plugin accounts (the host's and the test "
                + "kit's do)");
    }

    /**
     * A plugin's account as signed in to a tenant.
     *
     * @param userPrincipalName the account that signed in
     * @param working           whether calls can be made as it; false when it must sign in again ({@code reason})
     * @param granted           the permissions its token holds, by Microsoft's names
     * @since 1.11.0
     */
    record AccountSignIn(String tenantId, String accountId, String userPrincipalName, boolean working, String reason,
            String signedInBy, java.time.Instant signedInAt, java.time.Instant lastUsedAt,
            java.util.Set<String> granted) {

        public AccountSignIn {
            granted = java.util.Set.copyOf(granted);
        }
    }

    /** Calls made with one Graph client. */
    @FunctionalInterface
    interface GraphCall<T> {

        /** Makes the calls; the client is authorised for the scope set and the tenant only. */
        T apply(GraphServiceClient graph) throws Exception;
    }
}
