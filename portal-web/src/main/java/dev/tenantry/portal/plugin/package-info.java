/**
 * The plugin host: PF4J plugins from the plugins folder (the built-in ones too), each read first from its manifest
 * without running its code, held for an administrator's review, then loaded into a class loader that sees only
 * plugin-api, the platform's APIs and its own classes. Owns the plugins' lifecycle (discovered, awaiting review,
 * enabled, disabled, upgraded, failed) and audits every step. Must not let a broken plugin stop the portal.
 */
package dev.tenantry.portal.plugin;
