/**
 * The JAX-RS application under {@code /api} and what every resource shares: authentication by personal API token
 * ({@link dev.tenantry.portal.rest.ApiTokenAuthenticationFilter}), the permission check each endpoint declares
 * ({@link dev.tenantry.portal.rest.ApiPermission}, enforced by {@link dev.tenantry.portal.rest.ApiPermissionFilter}
 * before a body is read), a size limit on request bodies, and RFC 9457 problem details for every error. Resources
 * themselves live in their feature's {@code rest} package.
 */
package dev.tenantry.portal.rest;
