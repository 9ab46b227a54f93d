/**
 * The plugin manifest, {@code META-INF/tenantry-plugin.json}: what a plugin asks of the host (portal permissions,
 * roles, pages) and of Microsoft (scope sets), as data an administrator reviews before any plugin code runs. Read and
 * checked with {@link dev.tenantry.plugin.api.manifest.PluginManifests}; the JSON Schema is
 * {@code dev/tenantry/plugin/api/manifest/tenantry-plugin.schema.json} in this artifact.
 */
package dev.tenantry.plugin.api.manifest;
