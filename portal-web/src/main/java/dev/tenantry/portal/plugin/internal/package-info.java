/**
 * PF4J, jar inspection, the filtering class loader, and in the database the plugin records, run claims and the job
 * scheduler's queue.
 */
package dev.tenantry.portal.plugin.internal;
