/**
 * The customer tenants Tenantry manages: adding one by primary domain or tenant id (resolved from the tenant's OpenID
 * discovery document, as against Microsoft), its name, tags, notes and status, disabling and removing it. Every change
 * needs {@code tenants:manage} in that tenant and is audited; every list shows only the tenants the caller's
 * assignments cover.
 */
package dev.tenantry.portal.tenant;
