/**
 * Microsoft Graph for the portal and its plugins: the one place that decides whether a tenant's connection may make a
 * call with a scope set, and that builds Graph SDK clients.
 */
package dev.tenantry.portal.graph;
