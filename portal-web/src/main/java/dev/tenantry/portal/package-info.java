/**
 * The Tenantry host, in layers whose dependencies only point down (an ArchUnit test in this module holds them):
 * <ol>
 * <li><b>foundation</b>: {@code crypto}, {@code persistence}, {@code web} (what every page shares) and {@code rest}
 * (what every resource shares); they know no feature;</li>
 * <li><b>staff and tenants</b>: {@code identity} (who is calling), {@code audit} (recording), {@code access} (deciding),
 * {@code tenant}, {@code approval}, {@code apitoken}, {@code notify}, and on them {@code signin}, {@code auditlog}
 * (reading the log) and {@code roles} (granting roles);</li>
 * <li><b>consent</b>: connections to customer tenants, their tokens and consent state; it asks a
 * {@link dev.tenantry.portal.consent.ScopeSetCatalogue} which scope sets there are, and the plugin host answers;</li>
 * <li><b>graph</b>: the one gateway to Microsoft, using consent's tokens;</li>
 * <li><b>consentcheck</b>: the live check of what tenants granted, read through the gateway;</li>
 * <li><b>plugin</b>: the plugin host (registry, lifecycle, the services plugins get, the Faces bridges);</li>
 * <li><b>shell</b> and <b>system</b>: navigation, dashboard, About and health.</li>
 * </ol>
 * A feature's {@code internal} package (storage) is reached only from that feature, and only {@code internal} packages
 * touch the {@code EntityManager}. When a lower layer needs what only a higher one knows, the lower owns an interface
 * and the higher implements it ({@code ContributedPermissions}, {@code TaggedTenants}, {@code ApprovalAction},
 * {@code ProblemClassifier}, {@code ScopeSetCatalogue}).
 */
package dev.tenantry.portal;
