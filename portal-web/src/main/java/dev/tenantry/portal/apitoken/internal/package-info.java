/** Storage of API tokens (hashes, never secrets); used only by {@link dev.tenantry.portal.apitoken.ApiTokens}. */
package dev.tenantry.portal.apitoken.internal;
