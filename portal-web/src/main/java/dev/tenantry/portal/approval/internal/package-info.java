/** Storage and the decision rules of approval requests; only the approval package uses it. */
package dev.tenantry.portal.approval.internal;
