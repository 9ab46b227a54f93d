/**
 * What every page shares and no feature owns: the host's message bundle, page messages, the check that shows a page
 * only to those who may see it, CSV cells safe from formula injection, the security headers of every response, and
 * the request statistics benchmarks read (off unless configured).
 * Foundation: it must not depend on any feature.
 */
package dev.tenantry.portal.web;
