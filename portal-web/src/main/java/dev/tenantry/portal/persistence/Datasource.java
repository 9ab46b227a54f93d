package dev.tenantry.portal.persistence;

/** Where the portal's database is: the server configuration binds the datasource (H2 by default). */
public final class Datasource {

    /** JNDI name of the portal's datasource, as {@code META-INF/persistence.xml} names it too. */
    public static final String JNDI = "java:jboss/datasources/TenantryDS";

    private Datasource() {
    }
}
