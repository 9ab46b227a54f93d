package dev.tenantry.it.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import dev.tenantry.portal.identity.TenantDiscovery;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.TenantDirectory;
import dev.tenantry.portal.tenant.TenantException;
import dev.tenantry.portal.tenant.TenantQuery;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tenant resolution against the identity provider and the directory's guards, inside the server. */
@ExtendWith(ArquillianExtension.class)
class TenantDirectoryIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(TenantDirectoryIT.class);
    }

    @Inject
    TenantDiscovery discovery;

    @Inject
    TenantDirectory directory;

    @Inject
    JpaTenantStore tenants;

    @Inject
    CurrentStaff staff;

    @jakarta.annotation.Resource
    jakarta.transaction.UserTransaction transaction;

    @Test
    void aChangeMadeFromACopySomeoneElseChangedIsRefusedInsteadOfWrittenOver() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        transaction.begin();
        tenants.add(new CustomerTenant(id, "Fourth Coffee", "fourthcoffee.example", Set.of(), null,
                CustomerTenant.Status.ACTIVE, "test", null));
        transaction.commit();
        staff.actWithApiToken(new ApiTokenCaller("it", "tenant test", "alex.morgan@northwind-msp.example",
                java.util.List.of(), Set.of(Permissions.TENANTS_READ, Permissions.TENANTS_MANAGE)));
        CustomerTenant opened = directory.find(id);

        directory.update(id, "Fourth Coffee (Seattle)", null, "opened first, saved first", opened.version());
        TenantException conflict = assertThrows(TenantException.class, () -> directory.update(id,
                "Fourth Coffee Ltd", null, "opened at the same time, saved second", opened.version()));

        assertEquals(TenantException.Reason.CONFLICT, conflict.reason());
        assertTrue(conflict.getMessage().contains("changed by someone else"), conflict.getMessage());
        CustomerTenant now = directory.find(id);
        assertEquals("Fourth Coffee (Seattle)", now.displayName(), "the first change stays");
        assertEquals("opened first, saved first", now.notes());
        assertEquals(opened.version() + 1, now.version());
        assertEquals("Fourth Coffee Ltd", directory.update(id, "Fourth Coffee Ltd", null, null, now.version())
                .displayName(), "made again from the current copy, it is saved");
    }

    @Test
    void aVerifiedDomainOrTheIdResolvesToTheTenantIdThroughDiscovery() throws Exception {
        assertEquals(Optional.of("6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"), discovery.tenantIdOf("contoso.example"));
        assertEquals(Optional.of("6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"), discovery.tenantIdOf("contosoltd.onmicrosoft.com"));
        assertEquals(Optional.of("6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"),
                discovery.tenantIdOf("6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"));
        assertEquals(Optional.empty(), discovery.tenantIdOf("nosuchtenant.example"));
    }

    @Test
    void textThatIsNoDomainNeverReachesTheIdentityProvider() {
        for (String bad : new String[] {"../common", "contoso.example/v2.0", "a b", "", "x?y=1", "contoso..example"}) {
            assertThrows(IllegalArgumentException.class, () -> discovery.tenantIdOf(bad), bad);
        }
    }

    @Test
    void withoutACallerNothingIsListedAndNothingChanges() {
        assertEquals(0, directory.page(new TenantQuery(0, 50, null, true, "")).total());
        org.junit.jupiter.api.Assertions.assertFalse(directory.anyReadable(), "the picker says there are none");
        assertThrows(AccessDeniedException.class, () -> directory.add("contoso.example", "Contoso", Set.of(), null));
        assertThrows(AccessDeniedException.class, () -> directory.remove("6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"));
    }

    /** The picker on every page asks whether there is any tenant to choose: one row looked for, none counted. */
    @Test
    void whetherThereIsAnyTenantToChooseFollowsWhatTheCallerMayRead() throws Exception {
        transaction.begin();
        tenants.add(new CustomerTenant(java.util.UUID.randomUUID().toString(), "Wide World Importers",
                "wideworldimporters.example", Set.of(), null, CustomerTenant.Status.ACTIVE, "test", null));
        transaction.commit();
        staff.actWithApiToken(new ApiTokenCaller("it", "tenant test", "alex.morgan@northwind-msp.example",
                java.util.List.of(), Set.of(Permissions.TENANTS_READ)));
        assertTrue(directory.anyReadable());
    }

    @Test
    void aMemberOfStaffWithoutAssignmentsHasNoTenantToChoose() {
        staff.actWithApiToken(new ApiTokenCaller("it", "tenant test", "it-unassigned-" + System.nanoTime()
                + "@northwind-msp.example", java.util.List.of(), Set.of(Permissions.TENANTS_READ)));
        assertEquals(0, directory.page(new TenantQuery(0, 50, null, true, "")).total());
        org.junit.jupiter.api.Assertions.assertFalse(directory.anyReadable());
    }

    @Test
    void aPageRequestOutsideItsBoundsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TenantQuery(-1, 10, null, true, ""));
        assertThrows(IllegalArgumentException.class, () -> new TenantQuery(0, 501, null, true, ""));
        assertTrue(new TenantQuery(0, 10, "password; drop table tenant", true, "").sort().equals("displayName"),
                "an unknown sort falls back to the name; nothing reaches the query");
    }
}
