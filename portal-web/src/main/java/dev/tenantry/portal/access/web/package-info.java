/** Settings → Roles &amp; access: roles, assignments and effective permissions; changes go through AccessControl. */
package dev.tenantry.portal.access.web;
