/** Settings → API tokens: create (shown once), list and revoke one's own tokens; administrators see everyone's. */
package dev.tenantry.portal.apitoken.web;
