/** Settings → Roles &amp; access: roles, assignments and effective permissions; changes go through AccessControl, Owner through OwnerGrants. */
package dev.tenantry.portal.roles.web;
