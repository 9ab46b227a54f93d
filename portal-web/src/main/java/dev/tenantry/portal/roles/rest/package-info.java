/** {@code /api/roles} and {@code /api/assignments}: roles and who holds them where, for those who manage access. */
package dev.tenantry.portal.roles.rest;
