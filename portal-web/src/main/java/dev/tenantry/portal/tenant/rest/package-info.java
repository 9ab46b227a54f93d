/** {@code /api/tenants}: the customer tenants the token's owner may see, and the changes they may make. */
package dev.tenantry.portal.tenant.rest;
