/**
 * The plugin host: PF4J plugins from the plugins folder (the built-in ones too), each read first from its manifest
 * without running its code, held for an administrator's review, then loaded into a class loader that sees only
 * plugin-api, the platform's APIs and its own classes. {@link dev.tenantry.portal.plugin.PluginRegistry} answers what
 * is installed and runs (manifests, scope sets, pages, models, jobs, actions); {@link
 * dev.tenantry.portal.plugin.PluginLifecycle} changes it (install, review, approve, enable, disable, upgrade) and audits
 * every step; {@link dev.tenantry.portal.plugin.PluginJobs} runs the scheduled jobs in every tenant through a queue in
 * the database ({@link dev.tenantry.portal.plugin.JobScheduler}). Must not let a broken plugin stop the portal, nor
 * a tenant's job wait behind another plugin's.
 */
package dev.tenantry.portal.plugin;
