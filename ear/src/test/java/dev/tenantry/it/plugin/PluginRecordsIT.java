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
}
