/**
 * The live consent check: what a tenant actually granted Tenantry (its service principal's grants and app role
 * assignments, read through the Graph gateway with Tenantry's own scope sets), compared with what the features
 * working there need — missing, excess, manifests that disagree with Microsoft — on demand and on a schedule, and the
 * revoke of excess permissions after a second person approves.
 */
package dev.tenantry.portal.consentcheck;
