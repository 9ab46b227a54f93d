/**
 * Where consent meets the browser: the consent card for a missing scope set, Microsoft's return after consent and
 * after admin consent, and the permissions document of what is installed.
 */
package dev.tenantry.portal.consent.web;
