/** The staff_member table: object ids bound to user names, with the groups of the last sign-in. */
package dev.tenantry.portal.identity.internal;
