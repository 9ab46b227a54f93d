/**
 * The portal's database: Flyway migrations ({@code db/migration}) that own the schema, applied when the portal starts,
 * and the count of statements Hibernate prepares on a thread ({@link dev.tenantry.portal.persistence.StatementCounter}).
 *
 * <p>Owns the schema's evolution only. Entities live in their feature's {@code internal} package; Hibernate never
 * creates or changes tables.
 */
package dev.tenantry.portal.persistence;
