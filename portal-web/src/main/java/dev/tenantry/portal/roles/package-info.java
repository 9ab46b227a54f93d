/**
 * Granting roles (Settings → Roles &amp; access, {@code /api/roles}, {@code /api/assignments}): the pages and resources
 * over access control's roles and assignments, and Owner, which is granted only after a second person approves.
 * Decides nothing itself: every change is checked and audited by access control.
 */
package dev.tenantry.portal.roles;
