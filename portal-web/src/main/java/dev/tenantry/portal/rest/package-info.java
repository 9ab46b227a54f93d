/**
 * The JAX-RS application under {@code /api} and what every resource shares (OpenAPI description; later the API-token
 * filter and RFC 9457 problem details). Resources themselves live in their feature's package.
 */
package dev.tenantry.portal.rest;
