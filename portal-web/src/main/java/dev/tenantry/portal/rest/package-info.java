/**
 * The JAX-RS application under {@code /api} and what every resource shares: the permission each endpoint declares
 * ({@link dev.tenantry.portal.rest.ApiPermission}), the correlation id, a size limit on request bodies, and RFC 9457
 * problem details for every error ({@link dev.tenantry.portal.rest.ProblemMapper}, told by each feature's
 * {@link dev.tenantry.portal.rest.ProblemClassifier} what its exceptions mean).
 *
 * <p>Foundation: it knows no feature. Authentication by API token lives in {@code apitoken.rest}, the permission check
 * in {@code access.rest}, resources in their feature's {@code rest} package.
 */
package dev.tenantry.portal.rest;
