/**
 * The consent manager: connections to customer tenants (delegated and application), their sealed MSAL token caches,
 * what each scope set has been granted, incremental consent (state + PKCE, audited), requests for what only a tenant's
 * administrator can grant, and numbered application-permission bundles. It learns which scope sets exist from a
 * {@link dev.tenantry.portal.consent.ScopeSetCatalogue} and never calls Microsoft Graph itself.
 */
package dev.tenantry.portal.consent;
