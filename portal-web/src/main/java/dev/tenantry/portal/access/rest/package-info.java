/**
 * Access control for the REST API: each endpoint's declared {@link dev.tenantry.portal.rest.ApiPermission}, checked by
 * {@link dev.tenantry.portal.access.rest.ApiPermissionFilter} before a body is read, and refusals as 403 problems.
 */
package dev.tenantry.portal.access.rest;
