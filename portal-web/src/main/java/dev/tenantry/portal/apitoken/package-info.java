/**
 * Personal API tokens: how scripts and other tools call Tenantry's REST API as a member of staff. A token is shown once,
 * kept only as a hash, expires, can be revoked by its owner or by whoever manages access, and allows at most the
 * permissions chosen when it was created, a subset of its owner's. Every creation, revocation and refused token is
 * audited. Tokens never create tokens: that needs a signed-in browser session.
 */
package dev.tenantry.portal.apitoken;
