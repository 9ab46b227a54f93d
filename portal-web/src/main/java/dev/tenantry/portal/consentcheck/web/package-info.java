/** Settings → Consent (connections, scope sets, the live check, consent history) and the tenants list's consent health. */
package dev.tenantry.portal.consentcheck.web;
