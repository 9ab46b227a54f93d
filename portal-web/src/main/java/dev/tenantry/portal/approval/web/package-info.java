/** Settings → Approvals: the requests waiting for the caller's decision and the caller's own requests. */
package dev.tenantry.portal.approval.web;
