/**
 * Integration tests against the real EAR on the WildFly server this module provisions: Arquillian starts that server
 * once per test run (ports shifted by {@code tenantry.it.port-offset}) and each test class deploys the EAR through
 * {@link dev.tenantry.it.Deployments}.
 */
package dev.tenantry.it;
