/** {@code /api/approvals}: what waits for the caller's decision, what they asked for, and deciding or withdrawing. */
package dev.tenantry.portal.approval.rest;
