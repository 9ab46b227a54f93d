/**
 * The contract between the Tenantry host and its plugins: small extension-point types that plugins implement or
 * return ({@link dev.tenantry.plugin.api.PageModel}, {@link dev.tenantry.plugin.api.NavigationEntry}), the services the
 * host offers them through {@link dev.tenantry.plugin.api.HostService} fields ({@link dev.tenantry.plugin.api.PortalUser},
 * {@link dev.tenantry.plugin.api.PluginAudit}), and the manifest in {@code dev.tenantry.plugin.api.manifest}.
 *
 * <p>Everything here is plain Java with no dependency on a Jakarta implementation or on host internals (PF4J, for
 * extension discovery, comes with it), so a plugin compiled against this artifact alone runs in any Tenantry host that
 * offers the same API version ({@link dev.tenantry.plugin.api.PluginApi#VERSION}).
 */
package dev.tenantry.plugin.api;
