/**
 * The contract between the Tenantry host and its plugins: small extension-point types that plugins implement or
 * return, and (in later versions) the services the host offers them.
 *
 * <p>Everything here is plain Java with no dependency on a Jakarta implementation or on host internals, so a plugin
 * compiled against this artifact alone runs in any Tenantry host that offers the same API version.
 */
package dev.tenantry.plugin.api;
