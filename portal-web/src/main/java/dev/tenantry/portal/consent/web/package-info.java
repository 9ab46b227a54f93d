/** Pages about what customer tenants have granted Tenantry. */
package dev.tenantry.portal.consent.web;
