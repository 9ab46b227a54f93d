package dev.tenantry.it.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.portal.plugin.internal.HostPluginRecords;
import java.util.List;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The record store plugins get instead of a database: kept apart per plugin and per tenant, limited, paged. */
@ExtendWith(ArquillianExtension.class)
class PluginRecordsIT {

    private static final String CONTOSO = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    private static final String ADATUM = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(PluginRecordsIT.class);
    }

    @Test
    void eachPluginAndEachTenantSeesOnlyItsOwnRecords() {
        String run = Long.toString(System.nanoTime(), 36);
        PluginRecords alpha = new HostPluginRecords("it-alpha-" + run);
        PluginRecords beta = new HostPluginRecords("it-beta-" + run);

        alpha.put(CONTOSO, "finding", "mfa", "{\"status\":\"fail\"}");
        beta.put(CONTOSO, "finding", "mfa", "{\"status\":\"pass\"}");
        alpha.put(ADATUM, "finding", "mfa", "{\"status\":\"pass\"}");

        assertEquals(Optional.of("{\"status\":\"fail\"}"), alpha.get(CONTOSO, "finding", "mfa"));
        assertEquals(Optional.of("{\"status\":\"pass\"}"), beta.get(CONTOSO, "finding", "mfa"));
        assertEquals(Optional.of("{\"status\":\"pass\"}"), alpha.get(ADATUM, "finding", "mfa"));
        assertEquals(Optional.empty(), alpha.get(null, "finding", "mfa"), "installation-wide records are apart too");

        alpha.put(CONTOSO, "finding", "mfa", "{\"status\":\"pass\"}");
        assertEquals(Optional.of("{\"status\":\"pass\"}"), alpha.get(CONTOSO, "finding", "mfa"), "put replaces");
        assertTrue(alpha.delete(CONTOSO, "finding", "mfa"));
        assertFalse(alpha.delete(CONTOSO, "finding", "mfa"));
        assertEquals(Optional.of("{\"status\":\"pass\"}"), beta.get(CONTOSO, "finding", "mfa"), "another's stays");
    }

    @Test
    void aRecordChangedFromAStaleCopyIsRefusedNeverWrittenOverTheCurrentOne() {
        PluginRecords records = new HostPluginRecords("it-versions-" + Long.toString(System.nanoTime(), 36));
        records.replace(CONTOSO, "incident", "i1", "{\"state\":\"NEW\"}", 0);
        PluginRecords.Versioned first = records.getVersioned(CONTOSO, "incident", "i1").orElseThrow();
        assertEquals(1, first.version());

        records.replace(CONTOSO, "incident", "i1", "{\"state\":\"ACKNOWLEDGED\"}", first.version());
        dev.tenantry.plugin.api.RecordConflictException stale = org.junit.jupiter.api.Assertions.assertThrows(
                dev.tenantry.plugin.api.RecordConflictException.class, () -> records.replace(CONTOSO, "incident", "i1",
                        "{\"state\":\"CLOSED\"}", first.version()));

        assertTrue(stale.getMessage().contains("changed by someone else"), stale.getMessage());
        assertEquals(Optional.of("{\"state\":\"ACKNOWLEDGED\"}"), records.get(CONTOSO, "incident", "i1"));
        assertEquals(2, records.getVersioned(CONTOSO, "incident", "i1").orElseThrow().version());
        org.junit.jupiter.api.Assertions.assertThrows(dev.tenantry.plugin.api.RecordConflictException.class,
                () -> records.replace(CONTOSO, "incident", "i1", "{}", 0), "0 creates only what is not there");
        records.put(CONTOSO, "incident", "i1", "{\"state\":\"NEW\"}");
        assertEquals(3, records.getVersioned(CONTOSO, "incident", "i1").orElseThrow().version(),
                "a plain put counts as a change too");
    }

    @Test
    void recordsArePagedNewestFirst() throws Exception {
        PluginRecords records = new HostPluginRecords("it-paging-" + Long.toString(System.nanoTime(), 36));
        for (int i = 0; i < 5; i++) {
            records.put(CONTOSO, "alert", "a" + i, "{\"n\":" + i + "}");
            Thread.sleep(2);
        }

        assertEquals(5, records.count(CONTOSO, "alert"));
        assertEquals(List.of("a4", "a3"), records.list(CONTOSO, "alert", 0, 2).stream()
                .map(PluginRecords.Entry::key).toList());
        assertEquals(List.of("a0"), records.list(CONTOSO, "alert", 4, 2).stream().map(PluginRecords.Entry::key).toList());
    }

    @Test
    void badKindsKeysAndOversizedRecordsAreRefused() {
        PluginRecords records = new HostPluginRecords("it-limits");

        assertThrows(IllegalArgumentException.class, () -> records.put(CONTOSO, "Bad Kind", "k", "{}"));
        assertThrows(IllegalArgumentException.class, () -> records.put(CONTOSO, "kind", "", "{}"));
        assertThrows(IllegalArgumentException.class, () -> records.put(CONTOSO, "kind", "k",
                "x".repeat(PluginRecords.MAX_CHARS + 1)));
        assertThrows(IllegalArgumentException.class, () -> records.list(CONTOSO, "kind", 0, 501));
        assertEquals(0, records.count(CONTOSO, "kind"), "nothing of a refused record is kept");
    }

    private static final dev.tenantry.plugin.api.RecordKind FINDING = dev.tenantry.plugin.api.RecordKind.of("finding")
            .text("state").number("severity").time("seen").text("user");

    @jakarta.inject.Inject
    dev.tenantry.portal.identity.CurrentStaff staff;

    @jakarta.inject.Inject
    dev.tenantry.portal.access.internal.JpaAccessStore accessStore;

    @jakarta.annotation.Resource
    jakarta.transaction.UserTransaction transaction;

    @jakarta.inject.Inject
    dev.tenantry.portal.tenant.internal.JpaTenantStore tenantStore;

    private static java.util.Map<String, Object> fields(String state, long severity, java.time.Instant seen,
            String user) {
        java.util.Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("state", state);
        fields.put("severity", severity);
        fields.put("seen", seen);
        fields.put("user", user);
        return fields;
    }

    /** Filters, orders, counts and pages run in SQL across tenants, installation-wide records apart. */
    @Test
    void recordsAreFilteredOrderedCountedAndPagedInTheDatabaseAcrossTenants() {
        PluginRecords records = new HostPluginRecords("it-query-" + Long.toString(System.nanoTime(), 36));
        java.time.Instant now = java.time.Instant.parse("2026-12-01T10:00:00Z");
        records.put(CONTOSO, FINDING, "c1", "{}", fields("OPEN", 3, now, "Bob Smith"));
        records.put(CONTOSO, FINDING, "c2", "{}", fields("OPEN", 1, now.minusSeconds(60), "ann@contoso.example"));
        records.put(ADATUM, FINDING, "a1", "{}", fields("CLOSED", 2, now, "bob@adatum.example"));
        records.put(ADATUM, FINDING, "a2", "{}", fields("OPEN", 3, null, "Carla_100%"));
        records.put(null, FINDING, "w1", "{}", fields("OPEN", 9, now, "installation"));

        dev.tenantry.plugin.api.RecordQuery open = dev.tenantry.plugin.api.RecordQuery.of(FINDING).allTenants()
                .equal("state", "OPEN").orderBy("severity", true).orderBy("seen", true);
        assertEquals(List.of("c1", "a2", "c2"), keys(records.query(open, 0, 10)),
                "most severe first; among equals the latest seen, a time without a value last");
        assertEquals(3, records.count(open));
        assertEquals(List.of("c1"), keys(records.query(dev.tenantry.plugin.api.RecordQuery.of(FINDING).allTenants()
                .contains("user", "BOB S"), 0, 10)), "contains ignores case");
        assertEquals(List.of("a2"), keys(records.query(dev.tenantry.plugin.api.RecordQuery.of(FINDING).allTenants()
                .contains("user", "_100%"), 0, 10)), "% and _ are searched for, not wildcards");
        assertEquals(java.util.Map.of(1L, 1L, 2L, 1L, 3L, 2L), records.countBy(dev.tenantry.plugin.api.RecordQuery
                .of(FINDING).allTenants(), "severity"));
        assertEquals(List.of("w1"), keys(records.query(dev.tenantry.plugin.api.RecordQuery.of(FINDING)
                .installationWide(), 0, 10)));
        assertEquals(List.of("a1", "a2"), keys(records.query(dev.tenantry.plugin.api.RecordQuery.of(FINDING)
                .inTenant(ADATUM).orderBy("severity", false), 0, 10)));
        assertEquals(List.of("c2"), keys(records.query(open, 2, 5)), "the third of three, a page later");
        assertEquals(CONTOSO, records.query(open, 0, 1).get(0).tenantId());
        assertThrows(IllegalStateException.class, () -> records.query(dev.tenantry.plugin.api.RecordQuery.of(FINDING)
                .visibleWith("it:view"), 0, 10), "outside a person's request, nobody's tenants");
        assertThrows(IllegalArgumentException.class, () -> records.put(CONTOSO, dev.tenantry.plugin.api.RecordKind
                .of("finding").number("state"), "c3", "{}", java.util.Map.of("state", 1)), "a field never changes type");
    }

    /**
     * A time is kept to the microsecond and compared as it is kept: a record stamped with an instant of nanoseconds is
     * found at that very instant, neither before it nor after (a sweep of "not stamped since" must not take it).
     */
    @Test
    void aTimeWithNanosecondsIsFoundAtThatInstantAndNotBelowIt() {
        PluginRecords records = new HostPluginRecords("it-time-" + Long.toString(System.nanoTime(), 36));
        java.time.Instant stamp = java.time.Instant.parse("2026-12-01T10:00:00.123456789Z");
        records.put(CONTOSO, FINDING, "t1", "{}", fields("OPEN", 1, stamp, "x"));

        dev.tenantry.plugin.api.RecordQuery query = dev.tenantry.plugin.api.RecordQuery.of(FINDING).inTenant(CONTOSO);
        assertEquals(0, records.count(query.below("seen", stamp)), "not before the instant it was stamped with");
        assertEquals(1, records.count(query.atLeast("seen", stamp)));
        assertEquals(1, records.count(query.equal("seen", stamp)));
        assertEquals(1, records.count(query.below("seen", stamp.plusNanos(1000))), "a microsecond later");
    }

    /**
     * A tenant switched off in Tenantry is left out of every query across tenants, also when named, and is back as
     * soon as it is switched on again; its records are kept meanwhile.
     */
    @Test
    void aTenantSwitchedOffInTenantryIsLeftOutOfQueriesUntilSwitchedOnAgain() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String paused = java.util.UUID.nameUUIDFromBytes(("it-paused-" + run).getBytes()).toString();
        transaction.begin();
        tenantStore.add(new dev.tenantry.portal.tenant.CustomerTenant(paused, "Paused " + run, run + ".example",
                java.util.Set.of(), null, dev.tenantry.portal.tenant.CustomerTenant.Status.DISABLED, "test", null));
        transaction.commit();
        PluginRecords records = new HostPluginRecords("it-paused-" + run);
        records.put(CONTOSO, FINDING, "c1", "{}", fields("OPEN", 1, null, "a"));
        records.put(paused, FINDING, "p1", "{}", fields("OPEN", 3, null, "b"));
        dev.tenantry.plugin.api.RecordQuery all = dev.tenantry.plugin.api.RecordQuery.of(FINDING).allTenants();

        assertEquals(List.of("c1"), keys(records.query(all, 0, 10)));
        assertEquals(1, records.count(all));
        assertEquals(java.util.Map.of(1L, 1L), records.countBy(all, "severity"));
        assertEquals(0, records.count(dev.tenantry.plugin.api.RecordQuery.of(FINDING).inTenant(paused)),
                "named, it is still left out");
        assertTrue(records.get(paused, "finding", "p1").isPresent(), "its records are kept");

        transaction.begin();
        tenantStore.setStatus(paused, dev.tenantry.portal.tenant.CustomerTenant.Status.ACTIVE);
        transaction.commit();
        assertEquals(List.of("p1", "c1"), keys(records.query(all.orderBy("severity", true), 0, 10)));
        assertEquals(2, records.count(all));
    }

    /**
     * A tenant given a tag comes into the queries tagged with it at once, though their answers were kept, and leaves
     * them as soon as it loses the tag.
     */
    @Test
    void aTenantGivenATagOrLosingItComesIntoTaggedQueriesOrLeavesThemAtOnce() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String retagged = java.util.UUID.nameUUIDFromBytes(("it-retagged-" + run).getBytes()).toString();
        String tag = "it-" + run;
        transaction.begin();
        tenantStore.add(new dev.tenantry.portal.tenant.CustomerTenant(retagged, "Retagged " + run, run + ".example",
                java.util.Set.of(), null, dev.tenantry.portal.tenant.CustomerTenant.Status.ACTIVE, "test", null));
        transaction.commit();
        try {
            PluginRecords records = new HostPluginRecords("it-retagged-" + run);
            records.put(retagged, FINDING, "r1", "{}", fields("OPEN", 2, null, "a"));
            records.put(CONTOSO, FINDING, "c1", "{}", fields("OPEN", 1, null, "b"));
            dev.tenantry.plugin.api.RecordQuery tagged = dev.tenantry.plugin.api.RecordQuery.of(FINDING).allTenants()
                    .taggedWith(tag);
            assertEquals(0, records.count(tagged));
            assertEquals(List.of(), keys(records.query(tagged, 0, 10)));

            transaction.begin();
            tenantStore.update(retagged, "Retagged " + run, java.util.Set.of(tag, "managed"), null);
            transaction.commit();
            assertEquals(1, records.count(tagged), "the answer kept from before the tag was given is not current");
            assertEquals(List.of("r1"), keys(records.query(tagged, 0, 10)));

            transaction.begin();
            tenantStore.update(retagged, "Retagged " + run, java.util.Set.of("managed"), null);
            transaction.commit();
            assertEquals(0, records.count(tagged), "nor the one from before it lost it");
        } finally {
            transaction.begin();
            tenantStore.remove(retagged);
            transaction.commit();
        }
    }

    /**
     * Answers across tenants are kept for the next person who asks the same, and are exact all the same: a write of the
     * kind is seen as soon as its transaction committed, a transaction sees its own writes before, and one rolled back
     * leaves the answer as it was.
     */
    @Test
    void answersKeptForTheNextViewAreExactAfterEveryWrite() throws Exception {
        PluginRecords records = new HostPluginRecords("it-kept-" + Long.toString(System.nanoTime(), 36));
        dev.tenantry.plugin.api.RecordQuery open = dev.tenantry.plugin.api.RecordQuery.of(FINDING).allTenants()
                .equal("state", "OPEN").orderBy("severity", true);
        records.put(CONTOSO, FINDING, "c1", "{}", fields("OPEN", 1, null, "a"));
        assertEquals(1, records.count(open));
        assertEquals(List.of("c1"), keys(records.query(open, 0, 10)));
        assertEquals(java.util.Map.of(1L, 1L), records.countBy(open, "severity"));

        records.put(ADATUM, FINDING, "a1", "{}", fields("OPEN", 3, null, "b"));
        assertEquals(2, records.count(open), "a write committed is counted at once");
        assertEquals(List.of("a1", "c1"), keys(records.query(open, 0, 10)));
        assertEquals(java.util.Map.of(1L, 1L, 3L, 1L), records.countBy(open, "severity"));

        transaction.begin();
        records.put(CONTOSO, FINDING, "c2", "{}", fields("OPEN", 2, null, "c"));
        assertEquals(3, records.count(open), "the writing transaction sees its own write");
        assertEquals(List.of("a1", "c2", "c1"), keys(records.query(open, 0, 10)));
        transaction.rollback();
        assertEquals(2, records.count(open), "rolled back: as before");
        assertEquals(List.of("a1", "c1"), keys(records.query(open, 0, 10)));

        assertTrue(records.delete(ADATUM, "finding", "a1"));
        assertEquals(1, records.count(open), "a deletion is counted at once");
        assertEquals(java.util.Map.of(1L, 1L), records.countBy(open, "severity"));
        java.util.Map<Object, Long> counts = records.countBy(open, "severity");
        counts.clear();
        assertEquals(java.util.Map.of(1L, 1L), records.countBy(open, "severity"), "a caller's change is its own");
    }

    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedExecutorService executor;

    /**
     * Several stores of the same new record at the same moment (two staff opening a page that writes it) all succeed,
     * and one record is left: a put stores or replaces, whoever came first.
     */
    @Test
    void storesOfTheSameNewRecordAtOnceAllSucceed() throws Exception {
        PluginRecords records = new HostPluginRecords("it-race-" + Long.toString(System.nanoTime(), 36));
        int writers = 4;
        for (int round = 0; round < 8; round++) {
            String key = "marker-" + round;
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(writers);
            List<java.util.concurrent.Future<?>> puts = new java.util.ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String json = "{\"by\":" + writer + "}";
                puts.add(executor.submit(() -> {
                    together.await();
                    records.put(null, "marker", key, json);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> put : puts) {
                put.get();
            }
            assertTrue(records.get(null, "marker", key).orElseThrow().startsWith("{\"by\":"));
        }
        assertEquals(8, records.count(null, "marker"));
    }

    /** A person's query reads the tenants where they hold the permission, worked out once, filtered in SQL. */
    @Test
    void aQueryForAPersonReadsOnlyTheTenantsTheyMaySee() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        PluginRecords records = new HostPluginRecords("it-visible-" + run);
        records.put(CONTOSO, FINDING, "c1", "{}", fields("OPEN", 1, null, "a"));
        records.put(ADATUM, FINDING, "a1", "{}", fields("OPEN", 1, null, "b"));
        String technician = "it-scoped-" + run + "@northwind-msp.example";
        transaction.begin();
        accessStore.assign(dev.tenantry.portal.access.RoleAssignment.PrincipalType.USER, technician,
                dev.tenantry.portal.access.Role.READ_ONLY, dev.tenantry.portal.access.AssignmentScope.tenants(ADATUM),
                "test");
        transaction.commit();
        staff.actWithApiToken(new dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller("test", "scoped",
                technician, List.of(), java.util.Set.of(dev.tenantry.portal.access.Permissions.TENANTS_READ)));

        dev.tenantry.plugin.api.RecordQuery visible = dev.tenantry.plugin.api.RecordQuery.of(FINDING)
                .visibleWith(dev.tenantry.portal.access.Permissions.TENANTS_READ);
        assertEquals(List.of("a1"), keys(records.query(visible, 0, 10)));
        assertEquals(1, records.count(visible));
        assertEquals(0, records.count(dev.tenantry.plugin.api.RecordQuery.of(FINDING).visibleWith("it:never-held")));
    }

    /** A plugin's pickers and pages find tenants a page at a time and name a page's tenants in one read. */
    @Test
    void tenantsAreSearchedPagedAndNamedInTheDatabase() throws Exception {
        dev.tenantry.plugin.api.PluginTenants tenants = new dev.tenantry.portal.plugin.internal.HostPluginTenants(
                "it-tenants-" + Long.toString(System.nanoTime(), 36));

        List<dev.tenantry.plugin.api.PluginTenants.Tenant> contoso = tenants.search("CONTOSO", 0, 10);
        assertEquals(List.of(CONTOSO), contoso.stream().map(dev.tenantry.plugin.api.PluginTenants.Tenant::id).toList());
        assertEquals(1, tenants.count("contoso"));
        long all = tenants.count(" ");
        assertTrue(all >= 2, "the demo tenants: " + all);
        assertEquals(1, tenants.search("", 1, 1).size(), "a page of one, the second");
        assertEquals(java.util.Set.of(CONTOSO, ADATUM), tenants.named(List.of(CONTOSO, ADATUM, "not-a-tenant"))
                .keySet());
        assertThrows(IllegalArgumentException.class, () -> tenants.search("", 0, 501));
    }

    /** Records are read only for tenants in Tenantry: the two this class writes in are there. */
    @org.junit.jupiter.api.BeforeEach
    void tenantsInTenantry() throws Exception {
        transaction.begin();
        for (String[] tenant : new String[][] {{CONTOSO, "Contoso Ltd", "contoso.example"},
                {ADATUM, "Adatum Corporation", "adatum.example"}}) {
            if (tenantStore.find(tenant[0]).isEmpty()) {
                tenantStore.add(new dev.tenantry.portal.tenant.CustomerTenant(tenant[0], tenant[1], tenant[2],
                        java.util.Set.of(), null, dev.tenantry.portal.tenant.CustomerTenant.Status.ACTIVE, "test", null));
            }
        }
        transaction.commit();
    }

    private static List<String> keys(List<PluginRecords.Found> found) {
        return found.stream().map(PluginRecords.Found::key).toList();
    }
}
