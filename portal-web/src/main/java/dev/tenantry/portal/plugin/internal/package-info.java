/** PF4J, jar inspection, the filtering class loader and the plugin records in the database. */
package dev.tenantry.portal.plugin.internal;
