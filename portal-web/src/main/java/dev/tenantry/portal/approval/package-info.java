/**
 * Four eyes: actions a policy marks as needing a second person (granting Owner now; bulk and cross-tenant actions of
 * plugins later) wait as approval requests holding who asked, what, why and the exact parameters. Another member of
 * staff with {@code approvals:decide} approves (the action then runs exactly once and its outcome is recorded) or
 * rejects; unanswered requests expire. Every step is audited.
 *
 * <p>Actions are {@link dev.tenantry.portal.approval.ApprovalAction} beans, found by name; this package never knows
 * what they do.
 */
package dev.tenantry.portal.approval;
