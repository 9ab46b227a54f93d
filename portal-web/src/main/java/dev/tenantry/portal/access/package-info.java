/**
 * Tenantry's own access control (never a Graph permission): portal permissions {@code <area>:<verb>}, roles as named
 * sets of them (built in, or added by plugins at run time), and assignments of roles to staff users or MSP groups for
 * all tenants or listed ones. Answers "may this caller do this here?" and refuses, audited, when not.
 *
 * <p>Enforced on the server: {@link dev.tenantry.portal.access.RequiresPermission} on services; pages and the REST API
 * check through the same {@link dev.tenantry.portal.access.AccessControl}. Owner is never granted here on one person's
 * word ({@code roles} files the request for approval); tag-scoped assignments ask the tenants' tags of
 * {@link dev.tenantry.portal.access.TaggedTenants}, which the tenant directory implements.
 */
package dev.tenantry.portal.access;
